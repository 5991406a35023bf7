"""The ``thaireports`` command: a thin layer that parses arguments, calls one library
function and prints. Heavy libraries load only inside the command that needs them."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _cmd_schema(args: argparse.Namespace) -> int:
    from extractors.record import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def _read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    from ingest.sniff import read_text_file

    return read_text_file(Path(name))


def _cmd_normalize(args: argparse.Namespace) -> int:
    text = _read_input(args.file)
    if args.dates:
        from normalize.dates import find_dates

        for match in find_dates(text):
            print(json.dumps(match.to_dict(), ensure_ascii=False))
        return 0
    from normalize.text import normalize_text

    normalized, warnings = normalize_text(text, join_wraps=args.join_wraps)
    sys.stdout.write(normalized if normalized.endswith("\n") else normalized + "\n")
    for w in warnings:
        print(f"warning: [{w.code}] {w.message}", file=sys.stderr)
    return 0


def _cmd_read(args: argparse.Namespace) -> int:
    import ingest

    doc = ingest.read(Path(args.file), ocr=args.ocr, lang=args.lang)
    if args.format == "markdown":
        sys.stdout.write(doc.to_markdown())
    else:
        print(doc.model_dump_json(indent=2))
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    import extractors

    record = extractors.convert(Path(args.file), entities=args.entities, ocr=args.ocr,
                                lang=args.lang)
    payload = record.to_json(pretty=args.pretty)
    if args.output:
        Path(args.output).write_text(payload + "\n", encoding="utf-8")
    else:
        sys.stdout.write(payload + "\n")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from corpora.importer import ConsoleProgress, import_paths

    summary = import_paths([Path(p) for p in args.paths], db=Path(args.db),
                           workers=args.workers, scheduler=args.scheduler,
                           reprocess=args.reprocess, ocr=args.ocr, lang=args.lang,
                           timeout=args.timeout or None,
                           memory=args.memory * 2**20 if args.memory else None,
                           progress=None if args.quiet else ConsoleProgress(sys.stderr))
    print(summary.report())
    return 0 if not summary.failed else 4


def _print_frame(frame, fmt: str) -> None:
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        print(frame.to_json(orient="records", force_ascii=False, indent=2))
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", 500, "display.max_columns", 50,
                               "display.width", 200, "display.max_colwidth", 60):
            print(frame.to_string(index=False) if len(frame) else "(no rows)")


def _cmd_search(args: argparse.Namespace) -> int:
    from corpora import Corpus

    with Corpus(Path(args.db)) as corpus:
        _print_frame(corpus.search(args.query, limit=args.limit), args.format)
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from corpora import Corpus

    with Corpus(Path(args.db)) as corpus:
        frame = corpus.measures(province=args.province, agency_type=args.agency_type,
                                fiscal_year=args.fiscal_year, category=args.category,
                                unit=args.unit)
        _print_frame(frame, args.format)
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from corpora import Corpus

    with Corpus(Path(args.db)) as corpus:
        _print_frame(corpus.compare(by=args.by, fiscal_year=args.fiscal_year), args.format)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from corpora import Corpus

    with Corpus(Path(args.db)) as corpus:
        written = corpus.export(args.format, Path(args.output))
    print(f"wrote {written}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thaireports",
        description="Thai local-government integrity (ITA) reports into ita-record/1 data.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("schema", help="print the JSON Schema of ita-record/1")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("normalize", help="print normalized Thai text (or --dates as JSON lines)")
    p.add_argument("file", help="a text file, or - for standard input")
    p.add_argument("--dates", action="store_true",
                   help="list every date found with its ISO value and position")
    p.add_argument("--join-wraps", action="store_true",
                   help="also remove spaces that line wraps left inside Thai words")
    p.set_defaults(func=_cmd_normalize)

    def ingest_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--ocr", choices=["auto", "always", "never"], default="auto",
                       help="OCR pages: auto (when the text layer is missing or broken)")
        p.add_argument("--lang", default="tha+eng", help="Tesseract languages (default tha+eng)")

    p = sub.add_parser("read", help="read a file into pages and tables")
    p.add_argument("file")
    p.add_argument("--format", choices=["json", "markdown"], default="json")
    ingest_options(p)
    p.set_defaults(func=_cmd_read)

    p = sub.add_parser("convert", help="convert one file into an ita-record/1 JSON record")
    p.add_argument("file")
    p.add_argument("-o", "--output", help="write the record here instead of stdout")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    p.add_argument("--entities", action="store_true",
                   help="read the agency through the spaCy entity layer (EntityRuler of the "
                        "vocabularies and the gazetteer; loads spaCy, ~0.7 s)")
    ingest_options(p)
    p.set_defaults(func=_cmd_convert)

    p = sub.add_parser("import", help="bulk-import files, folders and zip archives into a corpus")
    p.add_argument("paths", nargs="+")
    p.add_argument("--db", required=True)
    p.add_argument("--workers", type=int, default=None,
                   help="local worker processes (default: one per core)")
    p.add_argument("--scheduler", help="address of an existing Dask scheduler, tcp://HOST:PORT")
    p.add_argument("--reprocess", action="store_true",
                   help="re-extract files whose record an older extractor version made")
    p.add_argument("--quiet", action="store_true", help="no progress bar or log lines")
    p.add_argument("--timeout", type=float, default=1800.0,
                   help="seconds one file may take before it fails as 'timeout' (0: no limit)")
    p.add_argument("--memory", type=int, default=4096, metavar="MB",
                   help="memory one file may use, OCR included, before it fails as 'memory' "
                        "(default 4096; 0: no limit)")
    ingest_options(p)
    p.set_defaults(func=_cmd_import)

    def output_format(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", choices=["table", "csv", "json"], default="table")

    p = sub.add_parser("search", help="Thai full-text search over the corpus")
    p.add_argument("query")
    p.add_argument("--db", required=True)
    p.add_argument("--limit", type=int, default=20)
    output_format(p)
    p.set_defaults(func=_cmd_search)

    p = sub.add_parser("query", help="measures with their agency, filtered")
    p.add_argument("--db", required=True)
    p.add_argument("--province")
    p.add_argument("--agency-type")
    p.add_argument("--fiscal-year", type=int)
    p.add_argument("--category")
    p.add_argument("--unit")
    output_format(p)
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser("compare", help="cross-agency comparison")
    p.add_argument("--db", required=True)
    p.add_argument("--by", choices=["category", "unit", "indicator"], default="category")
    p.add_argument("--fiscal-year", type=int)
    output_format(p)
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser("export", help="export the corpus for pandas and other tools")
    p.add_argument("--db", required=True)
    p.add_argument("--format", choices=["jsonl", "csv", "parquet", "datasette"], required=True)
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=_cmd_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from normalize.errors import ThaiReportsError

    try:
        return args.func(args)
    except ThaiReportsError as exc:
        print(f"thaireports: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except FileNotFoundError as exc:
        print(f"thaireports: error: {exc.filename}: no such file", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `thaireports ... | head`: the reader left, nothing to report
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("thaireports: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
