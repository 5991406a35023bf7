"""From an ingest ``Document`` to one ita-record/1 ``Record``, and ``convert(path)``.

``extract`` threads one record through small stages, each ``(Document, DocText, Record) ->
Record`` (the spaCy / Docling pattern: one typed object flows through the pipeline). Each stage
adds what it found and appends its warnings; none prints.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from thaireports.extractors.record import Record
from thaireports.extractors.textutil import DocText
from thaireports.ingest.document import Document

Stage = Callable[[Document, DocText, Record], Record]


def _header(document: Document, dt: DocText, record: Record) -> Record:
    from thaireports.extractors.header import extract_header

    info, warnings = extract_header(dt)
    return record.model_copy(update={"document": info, "warnings": record.warnings + warnings})


def _agency(document: Document, dt: DocText, record: Record) -> Record:
    from thaireports.extractors.agency import extract_agency

    agency, warnings = extract_agency(dt.text, record.document.ref)
    return record.model_copy(update={"agency": agency, "warnings": record.warnings + warnings})


def _agency_from_entities(document: Document, dt: DocText, record: Record) -> Record:
    """The agency stage read from spaCy's entities: the AGENCY / DISTRICT / PROVINCE spans,
    one per line, go through the same vote and gazetteer checks as the plain-text path."""
    from thaireports.extractors.agency import extract_agency
    from thaireports.extractors.entities import find_entities

    spans = [e.text for page in document.pages for e in find_entities(page.text)
             if e.label in ("AGENCY", "DISTRICT", "PROVINCE")]
    agency, warnings = extract_agency("\n".join(spans), record.document.ref)
    return record.model_copy(update={"agency": agency, "warnings": record.warnings + warnings})


def _ita(document: Document, dt: DocText, record: Record) -> Record:
    from thaireports.extractors.ita import extract_ita

    ita, warnings = extract_ita(document, dt, record.document.fiscal_year)
    return record.model_copy(update={"ita": ita, "warnings": record.warnings + warnings})


def _measures(document: Document, dt: DocText, record: Record) -> Record:
    from thaireports.extractors.measures import extract_measures

    measures, warnings = extract_measures(document, dt, record.document.fiscal_year)
    return record.model_copy(update={"measures": measures,
                                     "warnings": record.warnings + warnings})


def _signatories(document: Document, dt: DocText, record: Record) -> Record:
    from thaireports.extractors.signatories import extract_signatories

    people, warnings = extract_signatories(dt.text, dt.page_at)
    return record.model_copy(update={"signatories": people,
                                     "warnings": record.warnings + warnings})


STAGES: tuple[tuple[str, Stage], ...] = (
    ("header", _header),            # kind, ref, date, subject, addressee, fiscal year
    ("agency", _agency),            # needs the ref's province prefix
    ("ita", _ita),                  # needs the fiscal year to judge the assessed year
    ("measures", _measures),
    ("signatories", _signatories),
)


def empty_record(document: Document) -> Record:
    """The record's frame: id, source, pages and tables copied from the document."""
    return Record(id=document.source.sha256[:16], source=document.source,
                  pages=document.pages, tables=document.tables,
                  warnings=list(document.warnings))


def extract(document: Document, entities: bool = False) -> Record:
    """Document -> Record: every stage in order; the result is validated by the model.

    Args:
        document: what ``ingest.read`` returned.
        entities: read agency and places through the spaCy entity layer
            (``extractors.entities``; slower to start, and where custom patterns or a trained
            NER model plug in) instead of the plain regular expressions.

    Raises:
        TypeError: when a stage returns something other than a Record (a programming error).
    """
    dt = DocText.of(document)
    record = empty_record(document)
    stages = [(name, _agency_from_entities if entities and name == "agency" else stage)
              for name, stage in STAGES]
    for name, stage in stages:
        record = stage(document, dt, record)
        if not isinstance(record, Record):
            raise TypeError(f"extractor stage {name!r} returned {type(record).__name__}, "
                            "not a Record")
    return validated(record.model_dump(by_alias=True))


def validated(data: dict) -> Record:
    """The record validated by the model. A value out of its range (an OCR'd year 6565, a score
    of 845) that a stage let through is set to null with a ``value-out-of-range`` warning, so
    that one misread digit never costs the whole record; anything else is a programming error
    and raises.
    """
    from pydantic import ValidationError

    for _ in range(20):
        try:
            return Record.model_validate(data)
        except ValidationError as error:
            fixed = False
            for problem in error.errors():
                if problem["type"] not in _RANGE_ERRORS or not _null_at(data, problem["loc"]):
                    continue
                fixed = True
                data.setdefault("warnings", []).append({
                    "code": "value-out-of-range", "page": None,
                    "message": f"{'.'.join(map(str, problem['loc']))}: {problem['input']!r} "
                               f"dropped ({problem['msg']})"})
            if not fixed:
                raise
    return Record.model_validate(data)


_RANGE_ERRORS = {"less_than_equal", "greater_than_equal", "less_than", "greater_than",
                 "string_pattern_mismatch"}


def _null_at(data, loc: tuple) -> bool:
    """Set the value at ``loc`` to None; False when the field does not take null there."""
    parent = data
    for key in loc[:-1]:
        parent = parent[key]
    if not isinstance(parent, dict):
        return False
    # fields that hold a number or date and may be null (Indicator.number may not)
    if loc[-1] in ("number",):
        return False
    parent[loc[-1]] = None
    return True


def convert(path: str | Path, entities: bool = False, **ingest_options) -> Record:
    """File -> Record: ``ingest.read(path, **ingest_options)`` then ``extract``.

    Example:
        >>> convert("corpora/samples/004_5ffc331d1e529717.txt").document.kind  # doctest: +SKIP
        'announcement'
    """
    from thaireports import ingest

    document = ingest.read(Path(path), **ingest_options)
    return extract(document, entities=entities)
