"""The typed ``Document`` that every reader returns: pages, tables, provenance, warnings.

Page, Table and Source have exactly the shapes the ita-record/1 record uses, so the
extractors copy them into the record unchanged.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from normalize.warning import RecordWarning

TextSource = Literal["pdf-text", "ocr", "text"]


class OcrInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    engine: str = "tesseract"
    version: str | None = None
    languages: str = "tha+eng"
    mean_confidence: float | None = None


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    file: str
    sha256: str
    media_type: str
    pages: int
    text_source: TextSource
    ocr: OcrInfo | None = None


class Page(BaseModel):
    """One page: its text in reading order (table cells row by row, cell by cell)."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1)
    text_source: TextSource
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    text: str


class Table(BaseModel):
    """A table as a grid of cell texts. ``offset`` (where the table starts in its page's
    text) is for the extractors only and is not part of the record."""

    model_config = ConfigDict(extra="forbid")

    page: int | None = None
    header: list[str] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)
    offset: int | None = Field(default=None, exclude=True)


class Document(BaseModel):
    """What ingest hands to the extractors."""

    model_config = ConfigDict(extra="forbid")

    source: Source
    pages: list[Page] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    warnings: list[RecordWarning] = Field(default_factory=list)

    @property
    def text(self) -> str:
        """All page texts joined with form feeds (the page break the text reader accepts)."""
        return "\f".join(p.text for p in self.pages)
