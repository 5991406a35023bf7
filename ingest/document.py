"""The typed ``Document`` that every reader returns: pages, tables, provenance, warnings.

Page, Table and Source have exactly the shapes the ita-record/1 record uses, so the
extractors copy them into the record unchanged.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from thaireports.normalize.warning import RecordWarning

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

    def to_markdown(self) -> str:
        """The document as markdown: a '## Page N' heading per page, its text, then its
        tables as pipe tables (``thaireports read --format markdown``). The text reader reads
        this markdown back into the same pages and tables.

        Example:
            >>> doc = Document(source=Source(file="a.txt", sha256="0", media_type="text/plain",
            ...                              pages=1, text_source="text"),
            ...                pages=[Page(number=1, text_source="text", text="ประกาศ")],
            ...                tables=[Table(page=1, header=["ลำดับ", "มาตรการ"], rows=[["1", "ก|ข"]])])
            >>> print(doc.to_markdown())
            ## Page 1
            <BLANKLINE>
            ประกาศ
            <BLANKLINE>
            | ลำดับ | มาตรการ |
            | --- | --- |
            | 1 | ก\\|ข |
            <BLANKLINE>
        """
        out: list[str] = []
        for page in self.pages:
            out.append(f"## Page {page.number}\n")
            body = page.text
            tables = [t for t in self.tables if t.page == page.number]
            # The page text already holds the tables as tab rows; print those spans as pipe
            # tables instead, so each table appears once and where it stands.
            spans = sorted((t.offset, table_text_end(body, t), t) for t in tables if t.offset is not None)
            cursor = 0
            for start, end, table in spans:
                if start < cursor:
                    continue
                if body[cursor:start].strip():
                    out.append(body[cursor:start].strip("\n") + "\n")
                out.append(_pipe_table(table))
                cursor = end
            if body[cursor:].strip():
                out.append(body[cursor:].strip("\n") + "\n")
            for table in tables:
                if table.offset is None:
                    out.append(_pipe_table(table))
        for table in self.tables:
            if table.page is None:
                out.append(_pipe_table(table))
        return "\n".join(out)


def table_text_end(body: str, table: Table) -> int:
    """Where the tab rows of ``table`` end in its page text: after the last tab line that
    follows its offset (blank lines between continued fragments included)."""
    assert table.offset is not None
    end = table.offset
    pos = table.offset
    while pos < len(body):
        nl = body.find("\n", pos)
        line_end = len(body) if nl < 0 else nl
        line = body[pos:line_end]
        if "\t" in line:
            end = line_end
        elif line.strip():
            break
        pos = line_end + 1
    return end


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _pipe_table(table: Table) -> str:
    width = max([len(table.header)] + [len(r) for r in table.rows] + [1])
    header = list(table.header) + [""] * (width - len(table.header))
    lines = ["| " + " | ".join(_md_cell(c) for c in header) + " |",
             "| " + " | ".join("---" for _ in range(width)) + " |"]
    for row in table.rows:
        cells = list(row) + [""] * (width - len(row))
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
