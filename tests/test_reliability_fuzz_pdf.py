"""Fuzzing the PDF reader's structure handling (issue 15, second wave): pikepdf-built mutations
of a real fixture PDF (sample 000 rendered by ``tests/fixtures/render.py``, two pages: prose and
a ruled table), read through ``ingest.read`` in a bounded child (see
``tests/test_reliability_fuzz.py`` for the property, the child and the stand-in OCR).

Mutations: the file cut short anywhere (the xref and trailer first), its xref offsets or
``startxref`` garbled, object streams broken, a stream's ``/Length`` wrong, ``/Root`` missing,
loops through ``/Parent`` and ``/Kids``, a lying ``/Count``, absurd ``/MediaBox`` values (huge,
zero, negative, the wrong shape), page trees thousands of levels deep, a form XObject that draws
itself, a page image that declares 10^10 pixels, random content operators and random byte flips.
"""
from __future__ import annotations

import io
import os
import random
import re
import tempfile
from pathlib import Path

import pytest

from tests.test_reliability_fuzz import _settings, _write, check_read, main, run_bounded

ROOT = Path(__file__).resolve().parent.parent


def base_pdfs() -> dict[str, bytes]:
    """The fixture PDF as written (``plain``: xref table) and with object streams and an xref
    stream (``objstm``), both uncompressed enough for byte-level edits to hit structure."""
    import pikepdf

    from tests.fixtures.render import render_pdf

    sample = sorted((ROOT / "corpora" / "samples").glob("000_*.txt"))[0]
    with tempfile.TemporaryDirectory() as folder:
        truth = render_pdf(sample, Path(folder) / "000.pdf")
        with pikepdf.open(truth.pdf) as pdf:
            table_page = truth.tables[0].pages[0] - 1
            keep = [pdf.pages[0], pdf.pages[table_page]]
            out = pikepdf.new()
            out.pages.extend(keep)
            plain, objstm = io.BytesIO(), io.BytesIO()
            out.save(plain, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
            out.save(objstm, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return {"plain": plain.getvalue(), "objstm": objstm.getvalue()}


# --- mutations: (random, base PDFs) -> bytes ------------------------------------------------

def _edit(data: bytes, change) -> bytes:
    """Open ``data`` with pikepdf, apply ``change(pdf)``, save without qpdf's repairs."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                 fix_metadata_version=False)
    return out.getvalue()


def cut(rng: random.Random, data: bytes) -> bytes:
    """Cut short: mostly near the end (the xref, trailer and startxref), sometimes anywhere."""
    if rng.random() < 0.6:
        return data[: len(data) - rng.randint(1, min(2000, len(data) - 1))]
    return data[: rng.randint(1, len(data) - 1)]


def flip(rng: random.Random, data: bytes) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def garble_xref(rng: random.Random, data: bytes) -> bytes:
    """Wrong numbers where the xref offsets or startxref are."""
    buffer = bytearray(data)
    at = data.rfind(b"startxref")
    start = data.rfind(b"xref", 0, at) if rng.random() < 0.7 else at
    start = max(start, 0)
    for _ in range(rng.randint(1, 30)):
        k = rng.randrange(start, len(buffer))
        if chr(buffer[k]).isdigit():
            buffer[k] = ord(rng.choice("0123456789 x-"))
    return bytes(buffer)


def bad_length(rng: random.Random, data: bytes) -> bytes:
    lengths = list(re.finditer(rb"/Length (\d+)", data))
    if not lengths:
        return data
    match = rng.choice(lengths)
    value = rng.choice([b"0", b"1", b"-7", b"99999999999", b"4294967296", b"12 0 R", b"/X",
                        str(int(match.group(1)) + rng.randint(-50, 50)).encode()])
    return data[: match.start(1)] + value + data[match.end(1):]


def no_root(rng: random.Random, data: bytes) -> bytes:
    if rng.random() < 0.5:
        return data.replace(b"/Root", b"/Roox")
    return _edit(data, lambda pdf: pdf.trailer.__delitem__("/Root")) if rng.random() < 0.5 \
        else data.replace(b"/Type /Catalog", b"/Type /Catalox")


def tree_loop(rng: random.Random, data: bytes) -> bytes:
    import pikepdf

    def change(pdf) -> None:
        pages = pdf.Root.Pages
        kid = pages.Kids[rng.randrange(len(pages.Kids))]
        kind = rng.choice(["kids-self", "kids-root", "parent-self", "parent-kid", "kid-pages"])
        if kind == "kids-self":
            pages.Kids.append(pages)
        elif kind == "kids-root":
            kid.Type = pikepdf.Name.Pages
            kid.Kids = pikepdf.Array([pages])
        elif kind == "parent-self":
            kid.Parent = kid
        elif kind == "parent-kid":
            pages.Parent = kid
        else:  # a page that is also its own /Pages node
            kid.Kids = pikepdf.Array([kid])
            kid.Count = 1

    return _edit(data, change)


def lying_count(rng: random.Random, data: bytes) -> bytes:
    value = rng.choice([0, -1, 3, 2**31 - 1, 10**9, 2**40])
    return re.sub(rb"/Count \d+", b"/Count " + str(value).encode(), data, count=1)


MEDIA_BOXES = [b"[0 0 14400 14400]", b"[0 0 1e30 1e30]", b"[0 0 0 0]", b"[0 0 -595 -842]",
               b"[0 0 595]", b"[]", b"(A4)", b"[0 0 3.4e38 10]", b"[0 0 1 100000]",
               b"[0 0 595 842 9 9]", b"[1e400 0 595 842]", b"[0 0 2880 2880]",
               b"[0 0 99999999999999999999 842]"]


def media_box(rng: random.Random, data: bytes) -> bytes:
    boxes = list(re.finditer(rb"/MediaBox \[[^\]]*\]", data))
    if not boxes:
        return data
    match = rng.choice(boxes)
    return data[: match.start()] + b"/MediaBox " + rng.choice(MEDIA_BOXES) + data[match.end():]


def deep_tree(rng: random.Random, data: bytes) -> bytes:
    import pikepdf

    depth = rng.choice([2, 100, 1100, 3000])

    def change(pdf) -> None:
        node = pdf.Root.Pages
        for _ in range(depth):
            parent = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Pages,
                                                          Kids=pikepdf.Array([node]),
                                                          Count=node.Count))
            node.Parent = parent
            node = parent
        pdf.Root.Pages = node

    return _edit(data, change)


def deep_array(rng: random.Random, data: bytes) -> bytes:
    depth = rng.choice([100, 5000, 100_000])
    nested = b"[" * depth + b"1" + b"]" * depth
    return data.replace(b"/Resources <<", b"/Resources << /Deep " + nested, 1)


def form_loop(rng: random.Random, data: bytes) -> bytes:
    import pikepdf

    def change(pdf) -> None:
        form = pdf.make_stream(b"q /Fx Do Q 0 0 m 100 100 l S", Type=pikepdf.Name.XObject,
                               Subtype=pikepdf.Name.Form, BBox=[0, 0, 595, 842])
        form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fx=form))
        page = pdf.pages[rng.randrange(len(pdf.pages))]
        page.Resources.XObject = pikepdf.Dictionary(Fx=form)
        page.Contents = pdf.make_stream(b"q /Fx Do Q")

    return _edit(data, change)


def image_bomb(rng: random.Random, data: bytes) -> bytes:
    """A page that is one image declaring 10^10 pixels (or a sliver, or none) over the page."""
    import zlib

    import pikepdf

    width, height = rng.choice([(100_000, 100_000), (2**31 - 1, 1), (0, 0), (1, 2**30)])

    def change(pdf) -> None:
        image = pdf.make_stream(zlib.compress(b"\x00" * 1000), Type=pikepdf.Name.XObject,
                                Subtype=pikepdf.Name.Image, Width=width, Height=height,
                                ColorSpace=pikepdf.Name.DeviceGray, BitsPerComponent=8,
                                Filter=pikepdf.Name.FlateDecode)
        page = pdf.pages[0]
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q")

    return _edit(data, change)


OPERATORS = [b"q", b"Q", b"BT", b"ET", b"Tj", b"TJ", b"Do", b"cm", b"re", b"f", b"S", b"m",
             b"l", b"Tf", b"Td", b"BI", b"ID", b"EI", b"gs", b"sh", b"[", b"]", b"<<", b">>",
             b"(", b")", b"/F1", b"/Im0", b"1e39", b"-0", b"99999999999"]


def content_garbage(rng: random.Random, data: bytes) -> bytes:
    noise = b" ".join(rng.choice(OPERATORS) for _ in range(rng.randint(1, 400)))
    at = data.find(b"stream\n")
    if at < 0:
        return data
    at += len(b"stream\n")
    return data[:at] + noise + b"\n" + data[at:]


MUTATIONS = {"cut": cut, "flip": flip, "garble-xref": garble_xref, "bad-length": bad_length,
             "no-root": no_root, "tree-loop": tree_loop, "lying-count": lying_count,
             "media-box": media_box, "deep-tree": deep_tree, "deep-array": deep_array,
             "form-loop": form_loop, "image-bomb": image_bomb, "content-garbage": content_garbage}


def prop_pdf_structure() -> None:
    from hypothesis import given
    from hypothesis import strategies as st

    bases = base_pdfs()

    @_settings(int(os.environ.get("FUZZ_EXAMPLES", 150)), deadline_ms=20_000)
    @given(st.sampled_from(sorted(MUTATIONS)), st.sampled_from(sorted(bases)),
           st.integers(0, 2**32), st.sampled_from(["never", "auto", "always"]),
           st.integers(0, 2))
    def prop(kind: str, base: str, seed: int, ocr: str, extra: int) -> None:
        rng = random.Random(seed)
        try:
            data = MUTATIONS[kind](rng, bases[base])
        except Exception:  # noqa: BLE001 - pikepdf refused to write this one: nothing to read
            return
        for _ in range(extra):  # mutations compose: a cut file with a loop in it ...
            data = MUTATIONS[rng.choice(["flip", "cut", "bad-length", "media-box"])](rng, data)
        with tempfile.TemporaryDirectory() as folder:
            check_read(_write(folder, f"สุ่ม-{kind}.pdf", data), ocr=ocr)

    prop()


PROPERTIES = {"pdf": prop_pdf_structure}


@pytest.mark.parametrize("name", sorted(PROPERTIES))
def test_pdf_property_bounded(name: str) -> None:
    run_bounded("tests.test_reliability_fuzz_pdf", name, timeout=120)


if __name__ == "__main__":
    main(PROPERTIES)
