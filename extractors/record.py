"""The ita-record/1 model, exactly as ../shared/record-spec.md defines it.

Field names and vocabularies are a contract: researchers' scripts depend on them. The JSON
Schema (``thaireports schema``) is generated from these classes, and every record the project
writes is validated by constructing them.
"""
from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from thaireports.ingest.document import Page, Source, Table
from thaireports.normalize.warning import RecordWarning

SCHEMA_ID = "ita-record/1"

AgencyType = Literal["sao", "subdistrict-municipality", "town-municipality",
                     "city-municipality", "pao", "special", "other"]
DocumentKind = Literal["memo", "announcement", "report", "order", "other"]
Tool = Literal["IIT", "EIT", "OIT"]
Grade = Literal["AA", "A", "B", "C", "D", "E", "F"]
Category = Literal[
    "public-disclosure", "stakeholder-participation", "procurement-transparency",
    "complaint-handling", "bribery-conflict-of-interest", "discretion-review",
    "integrity-declaration", "budget-use", "state-property-use", "work-improvement",
    "corruption-prevention", "duty-performance", "authority-use", "service-quality",
    "communication", "risk-management", "ethics-culture", "no-gift", "hr-merit",
    "internal-governance", "other"]
Unit = Literal[
    "office-of-the-permanent-secretary", "finance", "public-works", "education",
    "public-health", "social-welfare", "planning", "personnel", "internal-audit",
    "public-relations", "procurement", "legal", "agriculture", "committee", "all-units",
    "executive", "other"]
Status = Literal["planned", "reported"]
IsoDate = str  # "YYYY-MM-DD" or, known only to the month, "YYYY-MM"
ISO_DATE_PATTERN = r"^\d{4}-\d{2}(-\d{2})?$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Agency(_Strict):
    name: str | None = None
    type: AgencyType | None = None
    district: str | None = None
    province: str | None = None


class DocumentInfo(_Strict):
    kind: DocumentKind = "other"
    ref: str | None = None
    date: IsoDate | None = Field(default=None, pattern=ISO_DATE_PATTERN)
    subject: str | None = None
    addressee: str | None = None
    fiscal_year: int | None = Field(default=None, ge=2400, le=2700)


class Indicator(_Strict):
    number: int = Field(ge=1, le=10)
    tool: Tool
    name: str
    score: float | None = Field(default=None, ge=0, le=100)


class Ita(_Strict):
    assessed_year: int | None = Field(default=None, ge=2400, le=2700)
    score: float | None = Field(default=None, ge=0, le=100)
    grade: Grade | None = None
    indicators: list[Indicator] = Field(default_factory=list)


class Owner(_Strict):
    name: str
    unit: Unit


class Timeline(_Strict):
    text: str
    start: IsoDate | None = Field(default=None, pattern=ISO_DATE_PATTERN)
    end: IsoDate | None = Field(default=None, pattern=ISO_DATE_PATTERN)


class Monitoring(_Strict):
    text: str
    cadence_months: list[int] = Field(default_factory=list)


class Measure(_Strict):
    title: str
    category: Category = "other"
    indicator: int | None = Field(default=None, ge=1, le=10)
    actions: list[str] = Field(default_factory=list)
    owners: list[Owner] = Field(default_factory=list)
    timeline: Timeline | None = None
    monitoring: Monitoring | None = None
    outputs: str | None = None
    outcomes: str | None = None
    status: Status = "planned"
    page: int | None = None


class Signatory(_Strict):
    name: str
    title: str | None = None
    position: str | None = None


class Record(_Strict):
    """One ita-record/1 document."""

    schema_: Literal["ita-record/1"] = Field(default=SCHEMA_ID, alias="schema")
    id: str = Field(pattern=r"^[0-9a-f]{16}$")
    source: Source
    agency: Agency = Field(default_factory=Agency)
    document: DocumentInfo = Field(default_factory=DocumentInfo)
    ita: Ita | None = None
    measures: list[Measure] = Field(default_factory=list)
    signatories: list[Signatory] = Field(default_factory=list)
    pages: list[Page] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    warnings: list[RecordWarning] = Field(default_factory=list)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json(self, pretty: bool = False) -> str:
        return self.model_dump_json(by_alias=True, indent=2 if pretty else None)

    def to_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True)


def json_schema() -> dict:
    """The JSON Schema of ita-record/1, generated from the model."""
    schema = Record.model_json_schema(by_alias=True)
    schema["$id"] = SCHEMA_ID
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def validate_record(data: dict | str) -> Record:
    """Parse and validate a record (dict or JSON text); raises pydantic.ValidationError."""
    if isinstance(data, str):
        data = json.loads(data)
    return Record.model_validate(data)
