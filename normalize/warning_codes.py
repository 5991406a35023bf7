"""Every warning code a record may carry, with its meaning: the one table (ita-record/1).

A stage that adds a new kind of warning adds one line here, in its group, kept sorted.
:class:`~thaireports.normalize.warning.RecordWarning` refuses a code that is not in the
table, ``tests/test_cli_warning_codes.py`` checks that every code the sources use is here
and every code here is used, and the lists in ``README.md`` and ``docs/record-spec.md`` are
checked against it. The meaning is one line of English for people reading a report; the
code itself is the stable part that scripts filter on.

Example:
    >>> WARNING_CODES["date-impossible"]
    'a date that does not exist (31 February, month 13); left empty'
"""
from __future__ import annotations

from pathlib import Path

WARNING_CODES: dict[str, str] = {
    # -- reading a file (ingest) -------------------------------------------------------------
    "frames-capped": "an image with too many frames: only the first ones were read",
    "mislabelled-file": "the file's name claims one type, its bytes are another; read as the bytes",
    "no-text": "no text on any page: blank, or a picture with no writing",
    "not-thai": "no Thai letters in the text: not a Thai report, or the wrong encoding",
    "ocr-capped": "a file with more pages to OCR than the per-file limit: the rest were not OCR'd",
    "page-ocr": "a page had no usable text layer and was OCR'd",
    "page-too-large": "a page too large to render at the OCR resolution: rendered lower, or not OCR'd",
    "page-turned": "a page was sideways or upside down and was read turned upright",
    "page-unreadable": "a page could not be read (or OCR'd) at all; the rest of the file was",
    "sheet-truncated": "a spreadsheet sheet had too many rows: only the first ones were read",
    "table-capped": "a table was too wide or too large: its extra cells were joined or not expanded",
    "undecodable-bytes": "byte sequences invalid in the file's encoding were replaced with U+FFFD",
    # -- OCR (ingest) ------------------------------------------------------------------------
    "ocr-digits-unchecked": "Thai digits kept as Tesseract read them (no Thai font to check them)",
    "ocr-empty-page": "Tesseract found no text on the page image",
    "ocr-failed": "Tesseract failed on a page; the page has no text",
    "ocr-image-size": "Tesseract could not scale the page image (too small or too large)",
    "ocr-implausible-number": "an OCR'd number outside its plausible range (a misread digit?)",
    "ocr-line-unrecognized": "Tesseract could not recognize a line",
    "ocr-low-confidence": "a page OCR'd with low confidence",
    "ocr-many-diacritics": "Tesseract found many loose diacritics: possibly poor OCR",
    "ocr-skipped": "a page needed OCR and OCR was off; the page has no text",
    "ocr-timeout": "Tesseract ran out of time on a page; the page has no text",
    "ocr-too-few-characters": "Tesseract found too few characters to read the page's layout",
    # -- Thai text and dates (normalize) -----------------------------------------------------
    "date-implausible-year": "a year outside the plausible Buddhist Era range (a misread digit?)",
    "date-impossible": "a date that does not exist (31 February, month 13); left empty",
    "date-range-reversed": "a date range whose start is after its end",
    "date-unparsed": "text that looks like a date but could not be read as one",
    "digit-repaired": "a day or year OCR misread (o for 0, 25205 for 2565) read back in its date",
    "foreign-script": "letters of another script inside a Thai word (an OCR or encoding slip?)",
    "label-repaired": "a misspelt form label read as the label it resembles",
    "word-repaired": "an OCR-damaged known word (a month, an agency or unit name) read as that word",
    # -- the header and agency (extractors) --------------------------------------------------
    "agency-missing": "no agency name found",
    "date-by-position": "the memo date read from its place in the header (its label was illegible)",
    "date-missing": "no date found in the header",
    "district-conflict": "the text names more than one district; the best-supported one kept",
    "district-repaired": "a misspelt district name read as the gazetteer's district",
    "district-unknown": "a district that is not in the gazetteer's list for its province",
    "fiscal-year-suspect": "the fiscal year is far from, or disagrees with, the document's date",
    "name-foreign-script": "a name holds letters of another script (an OCR slip?)",
    "province-conflict": "the text names one province, the document number's prefix another",
    "province-repaired": "a misspelt province name read as the gazetteer's province",
    # -- ITA scores, measures and signatories (extractors) -----------------------------------
    "ita-digit-repaired": "an indicator score's OCR'd digit repaired so the total holds",
    "ita-grade-mismatch": "the printed grade does not match the total score",
    "ita-identity-fails": "the indicator scores do not add up to the printed total",
    "ita-indicator-disagreement": "an indicator's score read differently in different places",
    "ita-repair-ambiguous": "several one-digit repairs would make the total hold; none applied",
    "ita-total-disagreement": "the total score printed differently in different places",
    "ita-year-suspect": "the assessed year is far from the fiscal year",
    "measures-none": "no measure table, list or section found",
    "signatory-name-variants": "signer names differing by an OCR slip read as one signer",
    "timeline-year-inferred": "a measure's timeline year taken from the plan around it",
    "value-out-of-range": "a value outside the record's allowed range was dropped",
    # -- the corpus (corpora) ----------------------------------------------------------------
    "hand-corrected": "a field was corrected by hand (thaireports correct)",
}


def check_code(code: str) -> str:
    """``code`` if it is registered, else a ValueError naming the table to add it to.

    Example:
        >>> check_code("no-text")
        'no-text'
        >>> check_code("no-txet")
        Traceback (most recent call last):
        ...
        ValueError: unknown warning code 'no-txet': register it in thaireports/normalize/warning_codes.py (WARNING_CODES)
    """
    if code not in WARNING_CODES:
        raise ValueError(f"unknown warning code {code!r}: register it in "
                         "thaireports/normalize/warning_codes.py (WARNING_CODES)")
    return code


DOCS = ("README.md", "docs/record-spec.md")  # each holds the table between these markers
BEGIN, END = "<!-- warning-codes:begin -->", "<!-- warning-codes:end -->"


def markdown_table() -> str:
    """The registry as the Markdown table that README.md and docs/record-spec.md carry."""
    lines = ["| code | meaning |", "|---|---|"]
    lines += [f"| `{code}` | {meaning} |" for code, meaning in sorted(WARNING_CODES.items())]
    return "\n".join(lines) + "\n"


def sync_docs(root: Path | None = None) -> list[Path]:
    """Write the table between the markers of README.md and docs/record-spec.md; returns the
    files that changed. Run ``make docs`` after adding a
    code (the test of the docs says so when they are stale)."""
    root = Path(__file__).resolve().parent.parent if root is None else root
    changed = []
    for name in DOCS:
        path = root / name
        text = path.read_text(encoding="utf-8")
        head, sep, rest = text.partition(BEGIN)
        _, sep2, tail = rest.partition(END)
        if not (sep and sep2):
            raise ValueError(f"{path}: no {BEGIN} ... {END} block")
        new = f"{head}{BEGIN}\n{markdown_table()}{END}{tail}"
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed
