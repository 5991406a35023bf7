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
    .venv/bin/python bench/ocr_quality.py --dev ../shared/dev [--styles office300 phone] [--jobs 2]
    .venv/bin/python bench/ocr_quality.py --dev ../shared/dev --skip-fonts Sarabun   # no dev-font templates
    .venv/bin/python bench/ocr_quality.py --dev ../shared/dev --wall 8 --jobs 2      # wall time, 8 pages

Prints a markdown table (and per-page rows with ``--pages``).

With ``--dev``, the development renders (``shared/dev``: office300, signed200, phone, weasy
scan) are measured instead, page by page, with that folder's own scorer (``tools/cer.py``:
CER with whitespace ignored, Thai digits right): each page's embedded scan is read once by bare
``tesseract IMAGE - -l tha+eng`` and once by ``ingest.pdf.read_ocr_page`` (the real OCR path of
``thaireports read``), each with ``OMP_THREAD_LIMIT=1``; CPU is the process's and its
children's CPU time, in steady state: each worker process first reads one small drawn page, so
that imports and loading (paid once per process in a batch) fall on no measured page; the
summary prints that start-up CPU. Bare results are cached under ``.cache/ocr_quality`` by image, ours by
image and a hash of ``ingest/`` + ``normalize/``. These renders are for measuring only.
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
    from thaireports.normalize.text import normalize_text

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

    from thaireports.ingest.ocr import ocr_image

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


# --- the development renders (shared/dev) -------------------------------------------------------

DEV_STYLES: dict[str, tuple[str, str, str]] = {  # style -> (folder, file suffix, truth folder)
    "office300": ("office", ".office300.pdf", "office"),  # 300 dpi bitonal office scan
    "signed200": ("office", ".signed200.pdf", "office"),  # signed, stamped, 200 dpi grey
    "phone": ("office", ".phone.pdf", "office"),  # phone photo, perspective, shading
    "weasy": ("weasy", ".scan.pdf", "weasy"),  # another producer's PDF, 200 dpi grey scan
}
DEV_TARGETS = {  # style -> (text CER, table CER, digits), the issue's 'done when'
    "office300": (0.02, 0.05, 0.97), "signed200": (0.025, 0.05, 0.97),
    "phone": (0.08, 0.15, 0.90), "weasy": (0.02, 0.05, 0.97)}
CACHE = ROOT / ".cache" / "ocr_quality"


def _dev_scorer(dev: Path):
    """``tools/cer.py`` of the dev folder, imported as a module (its canon and digit_acc)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("dev_cer", dev / "tools" / "cer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _code_hash() -> str:
    import hashlib

    digest = hashlib.sha256(os.environ.get("THAIREPORTS_DIGIT_FONTS_SKIP", "").encode())
    for folder in ("ingest", "normalize"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def dev_jobs(dev: Path, styles: list[str]) -> list[dict]:
    """One job per page of each dev render: the PDF, the page index and the page's truth."""
    jobs = []
    for style in styles:
        folder, suffix, truth = DEV_STYLES[style]
        for pdf in sorted((dev / folder).glob(f"*{suffix}")):
            stem = pdf.name[: -len(suffix)]
            for page_truth in sorted((dev / truth).glob(f"{stem}.page*.txt")):
                number = int(re.search(r"page(\d+)", page_truth.name).group(1))
                table = (dev / truth / f"{stem}.page{number}.tables.json").exists()
                jobs.append({"style": style, "pdf": str(pdf), "stem": stem, "page": number,
                             "truth": page_truth.read_text(encoding="utf-8"), "table": table})
    return jobs


def _cpu() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _cached(key: str, compute, fresh: bool = False):
    import json

    path = CACHE / f"{key}.json"
    if path.exists() and not fresh:
        return json.loads(path.read_text())
    value = compute()
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False))
    return value


def _bare_on(image) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.png"
        image.save(path, dpi=image.info.get("dpi", (200, 200)))
        before = _cpu()
        done = subprocess.run(["tesseract", str(path), "-", "-l", "tha+eng"], capture_output=True,
                              check=True, timeout=600)
        return {"text": done.stdout.decode("utf-8", "replace"), "cpu": _cpu() - before}


def _ours_on(pdf: str, index: int) -> dict:
    import pypdfium2 as pdfium

    from thaireports.ingest.pdf import read_ocr_page

    document = pdfium.PdfDocument(pdf)
    try:
        page = document[index]
        before = _cpu()
        result = read_ocr_page(index + 1, page, "tha+eng")
        cpu = _cpu() - before
        page.close()
    finally:
        document.close()
    return {"text": result.page.text, "cpu": cpu, "tables": len(result.tables),
            "warnings": [w.code for w in result.warnings]}


WARM_CPU: list[float] = []  # this worker's start-up CPU (imports, templates), once


def warm_worker() -> None:
    """Start a worker as a long import does: import the OCR path and read one small drawn
    page with Thai digits (models, digit templates, dictionaries loaded). A batch pays this
    once per process, so it is reported on its own and kept out of every page's CPU."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from thaireports.ingest.digits import installed_fonts
    from thaireports.ingest.ocr import ocr_image

    before = _cpu()
    image = Image.new("L", (1200, 260), 255)
    fonts = installed_fonts()
    font = ImageFont.truetype(fonts[0], 40) if fonts else None
    ImageDraw.Draw(image).text((40, 60), "วันที่ ๑๒ มกราคม ๒๕๖๗ คะแนน ๘๖.๕๐", font=font, fill=0)
    ocr_image(Image.fromarray(np.asarray(image)), 1)
    WARM_CPU.append(_cpu() - before)


def measure_dev_page(job: dict) -> dict:
    """Bare Tesseract and ours on one dev page (in a worker process); cached."""
    import hashlib

    import pypdfium2 as pdfium

    from thaireports.ingest.pdf import page_image

    document = pdfium.PdfDocument(job["pdf"])
    try:
        image = page_image(document[job["page"] - 1])
        image_key = hashlib.sha256(image.tobytes()).hexdigest()[:20]
        bare = _cached(f"bare-{image_key}", lambda: _bare_on(image), fresh=job.get("fresh"))
    finally:
        document.close()
    ours = _cached(f"ours-warm-{image_key}-{job['code']}",
                   lambda: _ours_on(job["pdf"], job["page"] - 1), fresh=job.get("fresh"))
    return {**{k: v for k, v in job.items() if k not in ("truth", "fresh")},
            "bare": bare, "ours": ours, "warm_cpu": WARM_CPU[0] if WARM_CPU else None}


def dev_rows(dev: Path, styles: list[str], jobs_n: int, fresh: bool = False) -> list[dict]:
    """Measure every page of the chosen styles, scored with the dev folder's cer.py.

    With ``fresh`` both readers are measured again, side by side (cached CPU times come from
    other runs, on a machine whose load differs from run to run)."""
    scorer = _dev_scorer(dev)
    jobs = dev_jobs(dev, styles)
    code = _code_hash()
    for job in jobs:
        job["code"] = code
        job["fresh"] = fresh
    with ProcessPoolExecutor(max_workers=max(1, jobs_n), initializer=warm_worker) as pool:
        measured = list(pool.map(measure_dev_page, jobs))
    rows = []
    for job, m in zip(jobs, measured):
        truth = scorer.canon(job["truth"])
        row = {**m}
        for side in ("bare", "ours"):
            got = m[side]["text"]
            row[f"{side}_cer"] = scorer.Levenshtein.distance(truth, scorer.canon(got)) / max(1, len(truth))
            row[f"{side}_digits"], row["digits"] = scorer.digit_acc(job["truth"], got)
            row[f"{side}_cpu"] = m[side]["cpu"]
        rows.append(row)
    return rows


def dev_summary(rows: list[dict]) -> str:
    """The per-style table: text/table-page CER (median), Thai digits right, CPU ratio; and
    a worker's start-up CPU, which is not in any page's (``warm_worker``)."""
    out = ["| style | pages (text/table) | text-page CER ours / bare | table-page CER ours / bare "
           "| Thai digits right ours / bare | CPU ours / bare | empty pages ours |",
           "|---|---|---|---|---|---|---|"]
    for style in DEV_STYLES:
        mine = [r for r in rows if r["style"] == style]
        if not mine:
            continue
        text = [r for r in mine if not r["table"]]
        table = [r for r in mine if r["table"]]
        digits = sum(r["digits"] for r in mine) or 1
        cpu = sum(r["ours_cpu"] for r in mine) / max(1e-9, sum(r["bare_cpu"] for r in mine))
        empty = sum(1 for r in mine if not r["ours"]["text"].strip())

        def pair(group: list[dict]) -> str:
            return (f"{_median([r['ours_cer'] for r in group]):.3f} / "
                    f"{_median([r['bare_cer'] for r in group]):.3f}")

        out.append(f"| {style} | {len(text)}/{len(table)} | {pair(text)} | {pair(table)} | "
                   f"{sum(r['ours_digits'] for r in mine) / digits:.1%} / "
                   f"{sum(r['bare_digits'] for r in mine) / digits:.1%} | {cpu:.2f}x | {empty} |")
    warm = sorted({r["warm_cpu"] for r in rows if r.get("warm_cpu") is not None})
    if warm:
        out.append(f"\nCPU per page is steady state: each worker first read one small drawn page "
                   f"(imports, models, digit templates: {_median(warm):.2f} s CPU, once per "
                   "process), which no page is charged.")
    return "\n".join(out)


def dev_pages(rows: list[dict]) -> str:
    out = ["| style | doc | page | table | CER ours / bare | digits ours / bare / all | "
           "CPU s ours / bare | warnings |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['style']} | {r['stem'][:3]} | {r['page']} | {'yes' if r['table'] else ''} | "
                   f"{r['ours_cer']:.3f} / {r['bare_cer']:.3f} | {r['ours_digits']}/"
                   f"{r['bare_digits']}/{r['digits']} | {r['ours_cpu']:.1f} / {r['bare_cpu']:.1f} | "
                   f"{' '.join(sorted(set(r['ours']['warnings'])))} |")
    return "\n".join(out)


def wall_times(dev: Path, style: str = "signed200", pages: int = 8, jobs: int = 2) -> str:
    """Wall time of one multi-page scan read by ``thaireports`` (pages OCR'd ``jobs`` at a
    time), as an image-only PDF and as a multi-page TIFF, beside bare ``tesseract`` on the same
    page images one after another. The pages are the first ``pages`` of the longest render of
    ``style``."""
    import pypdfium2 as pdfium
    from PIL import Image

    from thaireports import ingest
    from thaireports.ingest.pdf import page_image

    folder, suffix, _ = DEV_STYLES[style]
    pdf = max(sorted((dev / folder).glob(f"*{suffix}")), key=lambda p: len(pdfium.PdfDocument(p)))
    document = pdfium.PdfDocument(pdf)
    try:
        scans = [page_image(document[i]) for i in range(min(pages, len(document)))]
    finally:
        document.close()
    dpi = tuple(int(v) for v in scans[0].info.get("dpi", (200, 200)))
    images = []
    for scan in scans:  # plain grey pages, without the JPEG's metadata (TIFF cannot take it)
        image = scan.convert("L").copy()
        image.info = {"dpi": dpi}
        images.append(image)
    with tempfile.TemporaryDirectory(prefix="ocr-wall-") as tmp:
        scan_pdf, scan_tiff = Path(tmp) / "scan.pdf", Path(tmp) / "scan.tiff"
        images[0].save(scan_pdf, format="PDF", resolution=float(dpi[0]), save_all=True,
                       append_images=images[1:])
        # Fresh copies: Pillow's PDF writer leaves its options on the images it appended.
        fresh = [Image.frombytes("L", im.size, im.tobytes()) for im in images]
        fresh[0].save(scan_tiff, format="TIFF", save_all=True, append_images=fresh[1:],
                      compression="tiff_lzw", dpi=dpi)
        from thaireports.ingest.ocr import ocr_image

        ocr_image(images[0], 1)  # imports and templates loaded: a CLI pays them once per run
        started = time.perf_counter()
        for image in images:
            _bare_on(image)
        bare = time.perf_counter() - started
        os.environ["THAIREPORTS_OCR_JOBS"] = str(jobs)
        ours = {}
        for path in (scan_pdf, scan_tiff):
            started = time.perf_counter()
            ingest.read(path)
            ours[path.suffix] = time.perf_counter() - started
    load = os.getloadavg()[0]  # other work on the machine takes cores from both sides
    return "\n".join([
        f"| {len(images)}-page scan ({style}, {pdf.name[:3]}), load {load:.1f} on "
        f"{os.cpu_count()} cores | wall s | ratio to bare |",
        "|---|---|---|",
        f"| bare `tesseract`, page after page | {bare:.1f} | 1.00x |",
        f"| thaireports PDF, {jobs} pages at once | {ours['.pdf']:.1f} | {ours['.pdf'] / bare:.2f}x |",
        f"| thaireports TIFF, {jobs} pages at once | {ours['.tiff']:.1f} | {ours['.tiff'] / bare:.2f}x |"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", nargs="*", default=[], help="3-digit prefixes (default all)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--max-pages", type=int, default=None)
    parser.add_argument("--pages", action="store_true", help="also print one row per page")
    parser.add_argument("--dev", type=Path, default=None,
                        help="measure the renders of this shared/dev folder instead")
    parser.add_argument("--styles", nargs="*", default=list(DEV_STYLES), choices=list(DEV_STYLES))
    parser.add_argument("--wall", type=int, default=0, metavar="N",
                        help="with --dev: wall time of an N-page scan, ours (--jobs pages at "
                             "once) against bare tesseract page after page")
    parser.add_argument("--fresh", action="store_true",
                        help="with --dev: measure both readers again in this run, so that "
                             "their CPU times are taken under the same load")
    parser.add_argument("--skip-fonts", default="",
                        help="digit templates NOT to use, e.g. Sarabun (the dev renders' font)")
    args = parser.parse_args(argv)
    if args.skip_fonts:
        os.environ["THAIREPORTS_DIGIT_FONTS_SKIP"] = args.skip_fonts  # workers inherit it
    if args.dev is not None and args.wall:
        print(wall_times(args.dev.resolve(), pages=args.wall, jobs=args.jobs))
        return 0
    if args.dev is not None:
        rows = dev_rows(args.dev.resolve(), args.styles, args.jobs, args.fresh)
        print(dev_summary(rows))
        if args.pages:
            print()
            print(dev_pages(rows))
        return 0
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
