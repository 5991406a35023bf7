"""How well do our scans come out? CER, table fragments and Thai digits, ours vs bare Tesseract.

The bundled samples are rendered into digital PDFs (tests/fixtures/render.py: Laksaman 16 pt,
ruled tables, Thai digits), each page rasterized at 200 dpi and degraded into a scan
(tests/fixtures/scans.py: grayscale, ±1.5° rotation, blur, noise, JPEG q60). Every page image is
then read twice:
- bare: ``tesseract IMAGE - -l tha+eng`` (default page segmentation), text normalized the same
  way as ours (Thai digits to Arabic, ำ repaired) so that only reading differences count;
- ours: ``ingest.ocr.ocr_image`` (deskew, tables cell by cell, digits re-checked).

Figures (medians over pages, and totals for digits/fragments):
- CER: Levenshtein distance / truth length, whitespace removed on both sides;
- table fragments found with the right shape (rows incl. header x columns), per page;
- Thai digits right: truth digits that fall in matching stretches of the alignment.

Usage::

    .venv/bin/python bench/ocr_quality.py [--samples 000 002] [--jobs 2] [--max-pages N]

Prints a markdown table (and per-page rows with ``--pages``).
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one Tesseract thread per process, both sides

TARGETS = {"text_cer": 0.03, "table_cer": 0.16, "fragments": 0.80, "digits": 0.70}


def squeeze(text: str) -> str:
    """Normalized text without any whitespace: what CER compares."""
    from normalize.text import normalize_text

    return re.sub(r"\s+", "", normalize_text(text)[0])


def cer(truth: str, got: str) -> float:
    """Character error rate, whitespace ignored.

    Example:
        >>> round(cer("วันที่ ๒๒ เมษายน", "วันที ๒๒ เมษายน"), 3)
        0.071
    """
    from rapidfuzz.distance import Levenshtein

    t, g = squeeze(truth), squeeze(got)
    return Levenshtein.distance(t, g) / max(1, len(t))


def digits_right(truth: str, got: str) -> tuple[int, int]:
    """(digits of the truth read right, digits in the truth), on normalized text.

    A truth digit is right when the alignment of the two texts keeps it in a matching stretch.
    """
    from rapidfuzz.distance import Levenshtein

    t, g = squeeze(truth), squeeze(got)
    total = sum(c.isdigit() for c in t)
    right = 0
    for block in Levenshtein.opcodes(t, g):
        if block.tag == "equal":
            right += sum(c.isdigit() for c in t[block.src_start:block.src_end])
    return right, total


def bare_tesseract(image, lang: str = "tha+eng") -> str:
    """``tesseract IMAGE - -l tha+eng``, nothing else."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        image.save(path)
        done = subprocess.run(["tesseract", str(path), "-", "-l", lang], capture_output=True,
                              check=True, timeout=300)
    return done.stdout.decode("utf-8", "replace")


def _fragment_hits(fragments, tables) -> int:
    """Truth fragments of one page matched, in order, by a table of the same shape."""
    shapes = [(len(t.rows) + (1 if t.header else 0), max([len(r) for r in t.rows]
                                                            + [len(t.header)] + [0]))
              for t in tables]
    hits = 0
    for fragment in fragments:
        want = (fragment.rows, fragment.columns)
        if want in shapes:
            shapes.remove(want)
            hits += 1
    return hits


def measure_page(job: tuple) -> dict:
    """Both readers on one page image (runs in a worker process)."""
    from PIL import Image

    from ingest.ocr import ocr_image

    name, number, png, truth, fragments = job
    image = Image.open(png)
    started = time.perf_counter()
    bare = bare_tesseract(image)
    bare_s = time.perf_counter() - started
    started = time.perf_counter()
    ours = ocr_image(image, number)
    ours_s = time.perf_counter() - started
    b_right, total = digits_right(truth, bare)
    o_right, _ = digits_right(truth, ours.page.text)
    return {"doc": name, "page": number, "table_page": bool(fragments),
            "bare_cer": cer(truth, bare), "ours_cer": cer(truth, ours.page.text),
            "bare_s": bare_s, "ours_s": ours_s, "digits": total, "bare_digits": b_right,
            "ours_digits": o_right, "fragments": len(fragments),
            "found": _fragment_hits(fragments, ours.tables),
            "warnings": [w.code for w in ours.warnings], "angle": ours.angle}


def build_jobs(samples: list[str], workdir: Path, max_pages: int | None) -> list[tuple]:
    """Render, rasterize and degrade the samples; one job per page."""
    from tests.fixtures.render import render_pdf
    from tests.fixtures.scans import pdf_to_scans

    jobs = []
    for index, sample in enumerate(sorted((ROOT / "corpora" / "samples").glob("*.txt"))):
        if samples and sample.name[:3] not in samples:
            continue
        truth = render_pdf(sample, workdir / f"{sample.stem}.pdf")
        for number, scan in enumerate(pdf_to_scans(truth.pdf, seed=100 * index), start=1):
            png = workdir / f"{sample.stem}-{number}.png"
            scan.save(png)
            fragments = [f for f in truth.fragments if f.page == number]
            jobs.append((sample.name[:3], number, str(png), truth.pages[number - 1], fragments))
    return jobs[:max_pages] if max_pages else jobs


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summarize(rows: list[dict]) -> str:
    """The markdown table of figures."""
    text = [r for r in rows if not r["table_page"]]
    tables = [r for r in rows if r["table_page"]]
    digits = sum(r["digits"] for r in rows) or 1
    fragments = sum(r["fragments"] for r in rows) or 1

    def line(label: str, bare: str, ours: str, target: str) -> str:
        return f"| {label} | {bare} | {ours} | {target} |"

    out = [f"Pages: {len(rows)} ({len(text)} text, {len(tables)} with tables); "
           f"Thai digits in truth: {sum(r['digits'] for r in rows)}; "
           f"table fragments: {sum(r['fragments'] for r in rows)}",
           "",
           "| figure | bare `tesseract -l tha+eng` | thaireports OCR | target |",
           "|---|---|---|---|",
           line("CER, text pages (median)", f"{_median([r['bare_cer'] for r in text]):.3f}",
                f"{_median([r['ours_cer'] for r in text]):.3f}", f"<= {TARGETS['text_cer']}"),
           line("CER, table pages (median)", f"{_median([r['bare_cer'] for r in tables]):.3f}",
                f"{_median([r['ours_cer'] for r in tables]):.3f}", f"<= {TARGETS['table_cer']}"),
           line("table fragments found, right shape", "n/a",
                f"{sum(r['found'] for r in rows) / fragments:.0%}", f">= {TARGETS['fragments']:.0%}"),
           line("Thai digits right", f"{sum(r['bare_digits'] for r in rows) / digits:.0%}",
                f"{sum(r['ours_digits'] for r in rows) / digits:.0%}", f">= {TARGETS['digits']:.0%}"),
           line("seconds per page (median, 1 thread)", f"{_median([r['bare_s'] for r in rows]):.1f}",
                f"{_median([r['ours_s'] for r in rows]):.1f}", ""),
           ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", nargs="*", default=[], help="3-digit prefixes (default all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--max-pages", type=int, default=None)
    parser.add_argument("--pages", action="store_true", help="also print one row per page")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ocr-bench-") as tmp:
        jobs = build_jobs(args.samples, Path(tmp), args.max_pages)
        with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            rows = list(pool.map(measure_page, jobs))
    print(summarize(rows))
    if args.pages:
        print("\n| doc | page | table | bare CER | ours CER | digits bare/ours/all | fragments | angle |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['doc']} | {r['page']} | {'yes' if r['table_page'] else ''} | "
                  f"{r['bare_cer']:.3f} | {r['ours_cer']:.3f} | {r['bare_digits']}/"
                  f"{r['ours_digits']}/{r['digits']} | {r['found']}/{r['fragments']} | "
                  f"{r['angle']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
