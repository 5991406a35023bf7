"""The fast paths of the digital-PDF reader (issue 14) give exactly what the plain paths give:
records and Documents of rendered PDFs (Word-style PUA glyphs, ruled tables, Thai or Arabic
digits) compared field by field with the fast paths switched off, and each fast path against
its reference on real and hostile text.

- ``normalize.thai``: text that no repair rule can touch skips the rules
  (``_untouched_unless``);
- ``ingest.quality``: the Thai runs of a page are tokenized once per document, piece by piece
  (``run_tokens``);
- ``ingest.pdf``: character boxes read without pypdfium2's helper (``_line_boxes``), and
  pdfminer's parse for ruling lines given content streams without their text operations
  (``strip_shown_text``);
- ``normalize.thai``: text with no letter of another script next to Thai is not walked
  letter by letter for foreign letters (``_may_have_foreign_letters``).
"""
from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from thaireports import ingest
from thaireports.extractors.convert import convert
from thaireports.ingest import pdf, quality
from thaireports.normalize import thai
from tests.fixtures.render import render_pdf

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "corpora" / "samples").glob("*.txt")) + \
    sorted((ROOT / "tests" / "data" / "devset").glob("*.txt"))


def _slow_repair_once(text: str) -> str:
    """``thai._repair_once`` with every rule run on every cell."""
    text = unicodedata.normalize("NFC", text.translate(thai._TRANSLATION))
    parts = thai._CELL_SPLIT.split(text)
    return "".join(part if i % 2 else thai._normalize_cell(part) for i, part in enumerate(parts))


def _slow_run_tokens(runs: list[str], memo: dict | None = None) -> list[str]:
    return quality._tokens(" ".join(runs))


def _slow_line_boxes(textpage, frame, text):
    """``pdf._line_boxes`` as pypdfium2's helpers and the frame give it, box by box."""
    def line_box(start: int, end: int):
        boxes = [frame.display_box(*textpage.get_charbox(i))
                 for i in range(start, end) if not text[i].isspace()]
        boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]]
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                sorted(b[3] for b in boxes))
    return line_box


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, sample_paths) -> list[Path]:
    out = tmp_path_factory.mktemp("identical")
    pdfs = []
    for key, path in sample_paths.items():
        pdfs.append(render_pdf(path, out / f"{key}.pdf").pdf)
    # Arabic digits, a smaller font (other line breaks and table cuts), no repeated header
    pdfs.append(render_pdf(sample_paths["004"], out / "004-arabic.pdf", thai_digits=False,
                           font_size=14, repeat_header=False).pdf)
    return pdfs


def _outputs(pdfs: list[Path]) -> list[dict]:
    return [ingest.read(p).model_dump() for p in pdfs] + [convert(p).model_dump() for p in pdfs]


def test_fast_paths_give_identical_documents_and_records(rendered, monkeypatch) -> None:
    fast = _outputs(rendered)
    with monkeypatch.context() as m:
        m.setattr(thai, "_repair_once", _slow_repair_once)
        m.setattr(quality, "run_tokens", _slow_run_tokens)
        m.setattr(pdf, "_line_boxes", _slow_line_boxes)
        m.setattr(pdf, "_without_shown_text", lambda streams: streams)
        m.setattr(thai, "_may_have_foreign_letters", lambda text: True)
        slow = _outputs(rendered)
    assert len(fast) == len(slow) == 2 * len(rendered)
    for got, expected in zip(fast, slow):
        assert got == expected


# --- repair_thai: the rules are skipped only where none of them can change the text -----------
def _lines() -> list[str]:
    return [line for path in TEXTS for line in path.read_text("utf-8").splitlines()]


# Thai letters and marks, digits, every separator and space kind, zero-width characters, PUA
_ALPHABET = [chr(c) for c in range(0x0E01, 0x0E5C)] + list(
    "  \t\n\r\x1f\u2003\u00a0\u200b\u200c\u200dab1.") + ["\uf70b", "\uf711", "\uf701", "\uf884"]


def test_repair_fast_path_is_the_slow_path() -> None:
    rng = random.Random(14)
    lines = _lines()
    for _ in range(20000):
        roll = rng.random()
        if roll < 0.4:
            text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 12)))
        else:  # a real line with a few characters thrown in
            chars = list(rng.choice(lines)[:80])
            for _ in range(rng.randint(0, 3) if roll < 0.8 else 0):
                chars.insert(rng.randint(0, len(chars)), rng.choice(_ALPHABET))
            text = "".join(chars)
        assert thai._repair_once(text) == _slow_repair_once(text), repr(text)


@pytest.mark.parametrize("text", [
    "ก\u0e4d\u0e32",          # ํ + า
    "ก\u0e32\u0e4d",          # า + ํ
    "เเปลก",                 # เเ
    "ก\u0e49\u0e34",          # tone mark before an upper vowel
    "ก\u0e32\u0e48",          # following vowel before a tone mark
    "ดีีี",                   # repeated vowel
    "ก\u0e48\u0e48",          # repeated tone mark
    "\u0e48ก",                # dangling mark at the start
    "ก\t\u0e48ก",             # ... at the start of a cell
    "ป่ าไผ่",                # a space inside a syllable
    "ปั ญหา",                 # a space after mai han-akat
    "ก  ข",                   # two spaces
    "ก\u2003",                # other whitespace at the edge of a cell
    "นานาๅ",                  # lakkhangyao
])
def test_repair_fast_path_sends_every_rule_case_to_the_rules(text: str) -> None:
    assert thai._untouched_unless().search(text)
    assert thai._repair_once(text) == _slow_repair_once(text)


# --- run_tokens: the tokens of the whole text, piece by piece -------------------------------
def test_run_tokens_are_the_tokens_of_the_joined_runs() -> None:
    rng = random.Random(14)
    words = sorted(quality._dictionary())
    spaced = [w for w in words if " " in w]
    heads = sorted(quality._spanning_words()[0])
    texts = [line for line in _lines() if line.strip()]
    # words that hold a space, and their first parts before a space, next to others
    for _ in range(1500):
        pool = [rng.choice(words if rng.random() < 0.6 else spaced if rng.random() < 0.5
                           else heads) for _ in range(rng.randint(1, 12))]
        texts.append("".join(w + (" " if rng.random() < 0.5 else "") for w in pool))
    memo: dict = {}  # shared, as by the pages of one document
    for text in texts:
        runs = quality._THAI_RUN.findall(text)
        if runs:
            assert quality.run_tokens(runs, memo) == quality._tokens(" ".join(runs)), runs


def test_a_word_over_a_space_is_tokenized_whole() -> None:
    spaced = next(w for w in sorted(quality._dictionary())
                  if re.fullmatch(r"[\u0e01-\u0e4e]+ [\u0e01-\u0e4e]+", w))
    runs = spaced.split(" ")
    assert quality._spanned(runs[0], runs[1])
    assert quality.run_tokens(runs) == quality._tokens(spaced)


# --- strip_shown_text: pdfminer parses the same paths without the text operations ------------
@pytest.mark.parametrize("stream,expected", [
    # text objects, text state and shown text go, whatever their strings hold
    (b"BT /F1 12 Tf 10 20 Td (a \\) ET (b) Tj) Tj [(x) -5 <00ff>] TJ ET\n0 0 m 5 5 l S\n",
     b"0 0 m 5 5 l S"),
    # a colour and a line width set inside a text object stay (the next path uses them)
    (b"BT 1 0 0 rg 2 w (x) Tj ET 0 0 10 10 re f\n", b"1 0 0 rg 2 w 0 0 10 10 re f"),
    # the ' and \" operators, nested parentheses; a comment stays as it is
    (b"% a comment with (x) Tj\nBT 12 TL (a(b)c) ' 1 2 (d) \" T* ET\n",
     b"% a comment with (x) Tj"),
])
def test_strip_shown_text_keeps_everything_else(stream: bytes, expected: bytes) -> None:
    got = pdf.strip_shown_text(stream)
    assert got is not None
    assert b" ".join(got.split()) == expected


@pytest.mark.parametrize("stream", [
    b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI\n",   # an inline image: binary data
    b"1 2 3 (x) Tj\n",                             # operands left over before a text operator
    b"(x) Tj (unterminated\n",                      # a string that does not end
    b"0 0 m 5 5 l\x0bS\n",                          # \v: whitespace to pdfminer, not to PDF
    b"[(x) TJ\n",                                   # an array left open
    b"12.5Td\n",                                    # a number glued to an operator
])
def test_strip_shown_text_leaves_what_it_cannot_read_exactly(stream: bytes) -> None:
    assert pdf.strip_shown_text(stream) is None


def _geometry(path: Path) -> list:
    import pdfplumber

    out = []
    with pdfplumber.open(path) as doc:
        for page in doc.pages:
            pdf.geometry_only(page)
            out.append({kind: [{k: (v.objid if k == "stream" else v) for k, v in obj.items()}
                               for obj in objects]
                        for kind, objects in page.objects.items()})
    return out


def test_pdfminer_paths_identical_without_text_operations(rendered, tmp_path, monkeypatch) -> None:
    pikepdf = pytest.importorskip("pikepdf")
    # two content streams (the first ends in whitespace), a Form XObject with text and rules,
    # colours set inside a text object, a stream that cannot be stripped on another page
    made = pikepdf.new()
    form = made.make_stream(b"BT /F1 9 Tf 1 0 0 rg (in a form) Tj ET 0 0 m 50 0 l S\n")
    form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    form.BBox = [0, 0, 100, 100]
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name.Helvetica)
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font),
                                   XObject=pikepdf.Dictionary(X1=form))
    for contents in (
            [b"q 0.5 w 10 10 200 100 re S BT /F1 12 Tf 0 0 1 RG 20 50 Td (a\\)b) Tj ET\n",
             b"20 20 m 200 20 l S q 1 0 0 1 30 30 cm /X1 Do Q\n"],
            [b"1 2 (left over) Tj 10 10 m 100 100 l S\n"]):
        page = made.add_blank_page(page_size=(300, 300))
        page.obj.Resources = resources
        page.obj.Contents = pikepdf.Array([made.make_stream(c) for c in contents])
    path = tmp_path / "streams.pdf"
    made.save(path)
    for source in [path, *rendered]:
        fast = _geometry(source)
        with monkeypatch.context() as m:
            m.setattr(pdf, "_without_shown_text", lambda streams: streams)
            slow = _geometry(source)
        assert fast == slow, source.name
        if source == path:  # the rules of both pages and of the form are there
            assert [len(page.get("line", [])) + len(page.get("rect", [])) for page in fast] \
                == [3, 1]
