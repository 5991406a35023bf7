"""`make eval`: convert every render of the development material, score it, print one table.

Inputs (each one a "kind"), all of them the three samples of ``../shared/samples`` rendered the
ways documents reach an office (``../shared/dev/README.md`` explains each render):

| kind | files |
|---|---|
| text | the samples as OCR'd text (``corpora/samples/``) |
| libreoffice-pdf | ``dev/office/NAME.office.pdf`` (Sarabun, clean text layer) |
| weasyprint-pdf | ``dev/weasy/NAME.pdf`` (Laksaman, Word+TH Sarabun-style broken text layer) |
| weasyprint-scan | ``dev/weasy/NAME.scan.pdf`` (200 dpi grey scan of that PDF) |
| office300 | ``dev/office/NAME.office300.pdf`` (300 dpi bitonal office scan) |
| signed200 | ``dev/office/NAME.signed200.pdf`` (signed, stamped, 200 dpi grey) |
| phone | ``dev/office/NAME.phone.pdf`` (phone photos) |
| fixture-pdf, fixture-scan | the project's own renders (``tests/fixtures``): Laksaman PDF, 200 dpi scan |

Each file is read with ``ingest.read`` (the read Document is cached under ``.cache/eval`` by the
file's sha256 and a hash of ``ingest/`` + ``normalize/``, so a change to the extractors alone
re-scores in seconds), extracted with ``extractors.extract`` into ``out/eval/KIND/NAME.json``, and
scored with the project's scorer (``tests/score.py``, a copy of ``../shared/score.py``). The table
(kind x field) is printed and written to ``EVAL.md``.

These renders are development material: the extractors are judged on other documents. Read the
figures as "how the tool does on these three documents in these styles", not as accuracy.

usage: python bench/dev_eval.py [--kinds text office300 ...] [--shared ../shared] [--workers 2]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KINDS: dict[str, str] = {
    # kind -> path pattern under shared/ ({stem}); text comes from the repository
    "text": "@repo/corpora/samples/{stem}.txt",
    "libreoffice-pdf": "office/{stem}.office.pdf",
    "weasyprint-pdf": "weasy/{stem}.pdf",
    "weasyprint-scan": "weasy/{stem}.scan.pdf",
    "office300": "office/{stem}.office300.pdf",
    "signed200": "office/{stem}.signed200.pdf",
    "phone": "office/{stem}.phone.pdf",
    # the project's own renders (tests/fixtures): made on first use under .cache/eval/fixtures
    "fixture-pdf": "@fixture/{stem}.pdf",
    "fixture-scan": "@fixture/{stem}.scan.pdf",
}
FIXTURES = ROOT / ".cache" / "eval" / "fixtures"


def fixture(stem: str, scan: bool) -> Path:
    """The sample rendered by tests/fixtures (Laksaman, ruled tables, PUA text layer), and that
    PDF as a degraded 200 dpi scan; made once, kept under ``FIXTURES``."""
    sys.path.insert(0, str(ROOT / "tests"))
    from tests.fixtures.render import render_pdf
    from tests.fixtures.scans import pdf_to_scans, write_scanned_pdf

    FIXTURES.mkdir(parents=True, exist_ok=True)
    pdf = FIXTURES / f"{stem}.pdf"
    if not pdf.exists():
        render_pdf(ROOT / "corpora" / "samples" / f"{stem}.txt", pdf)
    if not scan:
        return pdf
    out = FIXTURES / f"{stem}.scan.pdf"
    if not out.exists():
        write_scanned_pdf(pdf_to_scans(pdf, seed=0), out)
    return out
# The floors of issue 10 ("done when"), shown beside the figures.
TARGETS = {"text": 1.0, "libreoffice-pdf": 0.97, "weasyprint-pdf": 0.97, "office300": 0.88,
           "signed200": 0.85, "phone": 0.75}
SHORT = {  # scorer field -> column header
    "agency.name": "agency", "agency.type": "type", "agency.district": "district",
    "agency.province": "prov", "document.kind": "kind", "document.ref": "ref",
    "document.date": "date", "document.fiscal_year": "fy", "ita.score": "ita",
    "ita.grade": "grade", "ita.assessed_year": "ita.yr", "ita.indicator_scores": "indic",
    "measures.count": "m.count", "measures.category_f1": "m.cat", "measures.owner_unit_f1": "m.own",
    "measures.timeline_start": "m.start", "measures.timeline_end": "m.end",
    "measures.cadence_f1": "m.cad", "signatories.name_f1": "signers",
}


def _tree_hash(*folders: str) -> str:
    h = hashlib.sha256()
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".txt", ".json", ".tsv"):
                h.update(str(path.relative_to(ROOT)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _read_cached(args: tuple[str, str, str]) -> tuple[str, float]:
    """Read one file into the cache (a worker process); returns (cache path, seconds)."""
    path, cache_path, _ = args
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from thaireports import ingest

    started = time.perf_counter()
    document = ingest.read(Path(path))
    data = document.model_dump(mode="json")
    # Table.offset is excluded from dumps (it is not part of the record) but the extractors
    # need it: keep it beside.
    data["_offsets"] = [t.offset for t in document.tables]
    Path(cache_path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return cache_path, time.perf_counter() - started


def run(kinds: list[str], shared: Path, workers: int, out_root: Path,
        cache: Path | None = None, renders: Path | None = None,
        gold: Path | None = None) -> dict[str, dict]:
    """Convert and score every kind; returns {kind: the scorer's JSON report}.

    Args:
        renders: the folder of renders laid out as ``../shared/dev`` is (``office/``, ``weasy/``,
            written by its tools); default ``shared/dev``.
        gold: the folder of gold records, one ``STEM.json`` per document; default
            ``shared/expected``. The stems are the gold's.
    """
    from thaireports.extractors import extract
    from thaireports.ingest.document import Document

    cache = cache or ROOT / ".cache" / "eval" / _tree_hash("ingest", "normalize")
    renders = renders or shared / "dev"
    gold = gold or shared / "expected"
    stems = sorted(p.stem for p in gold.glob("*.json") if not p.name.startswith("_"))
    cache.mkdir(parents=True, exist_ok=True)
    jobs, plan = [], []
    for kind in kinds:
        for stem in stems:
            pattern = KINDS[kind].format(stem=stem)
            if pattern.startswith("@fixture/"):
                if not (ROOT / "corpora" / "samples" / f"{stem}.txt").exists():
                    continue  # the fixtures render the bundled samples only
                path = fixture(stem, scan=pattern.endswith(".scan.pdf"))
            elif pattern.startswith("@repo/"):
                # the text beside its gold (a development set) or a bundled sample
                path = gold / f"{stem}.txt" if (gold / f"{stem}.txt").exists() \
                    else ROOT / pattern.removeprefix("@repo/")
            else:
                path = renders / pattern
            if not path.exists():
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            cache_path = cache / f"{digest}.json"
            plan.append((kind, stem, path, cache_path))
            if not cache_path.exists():
                jobs.append((str(path), str(cache_path), kind))
    if jobs:
        print(f"reading {len(jobs)} files ({workers} workers; cached in {cache})", file=sys.stderr)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for cache_path, seconds in pool.map(_read_cached, jobs):
                print(f"  read {Path(cache_path).name} in {seconds:.1f} s", file=sys.stderr)
    results: dict[str, dict] = {}
    for kind in kinds:
        out = out_root / kind
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.json"):
            old.unlink()
        rows = [p for p in plan if p[0] == kind]
        if not rows:
            continue
        for _, stem, _, cache_path in rows:
            data = json.loads(cache_path.read_text(encoding="utf-8"))
            offsets = data.pop("_offsets")
            document = Document.model_validate(data)
            for t, offset in zip(document.tables, offsets):
                t.offset = offset
            record = extract(document)
            (out / f"{stem}.json").write_text(record.to_json(pretty=True), encoding="utf-8")
        report = out_root / f"{kind}.report.json"
        subprocess.run([sys.executable, str(ROOT / "tests" / "score.py"),
                        str(gold), str(out), "--json", str(report), "--quiet"],
                       check=True, capture_output=True, text=True)
        results[kind] = json.loads(report.read_text(encoding="utf-8"))
    return results


def table(results: dict[str, dict]) -> str:
    fields = list(SHORT)
    head = ["kind", "overall", "target"] + [SHORT[f] for f in fields]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for kind, rep in results.items():
        cells = [kind, f"**{rep['overall_f1']:.3f}**",
                 f"{TARGETS[kind]:.2f}" if kind in TARGETS else "-"]
        for f in fields:
            v = rep["overall"].get(f)
            cells.append("-" if v is None else f"{v:.2f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kinds", nargs="+", choices=list(KINDS), default=list(KINDS))
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "eval")
    ap.add_argument("--cache", type=Path, help="read Documents from (and into) this folder "
                    "whatever ingest's sources hash to (to score extractor changes alone)")
    ap.add_argument("--renders", type=Path, help="renders laid out as ../shared/dev (office/, "
                    "weasy/), e.g. your own documents rendered with its tools")
    ap.add_argument("--gold", type=Path, help="gold records of those documents (STEM.json)")
    ap.add_argument("--write", type=Path, default=ROOT / "EVAL.md",
                    help="the markdown file the table is written to ('' to skip)")
    args = ap.parse_args(argv)
    gold = args.gold or args.shared / "expected"
    if not gold.is_dir():
        print(f"no gold records in {gold}: nothing to evaluate", file=sys.stderr)
        return 2
    results = run(args.kinds, args.shared, args.workers, args.out, args.cache, args.renders, gold)
    text = table(results)
    print(text)
    if args.write and str(args.write) not in ('', '.'):
        args.write.write_text(
            "# Extraction on the development renders (`make eval`)\n\n"
            "The three samples of `../shared/samples`, as text and rendered as PDFs, scans and "
            "photos (`../shared/dev/README.md`), converted and scored field by field against "
            "`../shared/expected` with the project's scorer. These are development material, "
            "not evidence of accuracy on other documents.\n\n" + text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
