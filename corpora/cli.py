"""The ``thaireports`` command: a thin layer that parses arguments, calls one library
function and prints. Heavy libraries load only inside the command that needs them."""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path

# Exit codes (README): 0 done; 1 misuse or a broken environment; 2 unreadable input, a missing
# or unusable corpus, an argument out of range (argparse's own code); 3 cannot write (disk
# full, read-only corpus or folder, I/O error: what was committed stays, a rerun resumes);
# 4 an import that finished with failed files; 130 interrupted.
EXIT_CANNOT_WRITE = 3


def _bounded_int(low: int, high: int, what: str = ""):
    """An argparse type: an integer in [low, high], refused at once otherwise (a huge
    --limit would overflow SQLite, a negative --workers would wait forever for workers)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{text if len(text) <= 30 else text[:27] + '...'} is out of range: "
                f"{what or 'use'} {low} to {high}")
        return value
    return parse


def _bounded_float(low: float, high: float):
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is out of range: use {low:g} to {high:g}")
        return value
    return parse


def _text(value: str) -> str:
    """An argparse type for text matched against the corpus: it must be valid UTF-8 (the
    shell passes invalid bytes through as lone surrogates, which SQLite cannot bind)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError(
            f"{value.encode('utf-8', 'surrogateescape')!r} is not valid UTF-8 text") from None
    return value


_FISCAL_YEAR = _bounded_int(2400, 2700, "a Buddhist-Era year such as 2565:")


def _cmd_schema(args: argparse.Namespace) -> int:
    from thaireports.extractors.record import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def _read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    from thaireports.ingest.sniff import read_text_file

    return read_text_file(Path(name))


def _cmd_normalize(args: argparse.Namespace) -> int:
    text = _read_input(args.file)
    if args.dates:
        from thaireports.normalize.dates import find_dates

        for match in find_dates(text):
            print(json.dumps(match.to_dict(), ensure_ascii=False))
        return 0
    from thaireports.normalize.text import normalize_text

    normalized, warnings = normalize_text(text, join_wraps=args.join_wraps)
    sys.stdout.write(normalized if normalized.endswith("\n") else normalized + "\n")
    for w in warnings:
        print(f"warning: [{w.code}] {w.message}", file=sys.stderr)
    return 0


def _page_progress() -> None:
    """A line per OCR'd page on stderr for long scans, on a terminal only (the OCR modules are
    not imported otherwise: the text path starts without them)."""
    if sys.stderr.isatty():
        from thaireports.ingest.ocr import enable_page_progress

        enable_page_progress()


class _Input:
    """The input file of read / convert: a path, or '-' for standard input (its bytes kept in
    a private temporary folder under the name 'stdin', which the reader sniffs by its bytes)."""

    def __init__(self, name: str):
        self.name, self.folder = name, None

    def __enter__(self) -> Path:
        if self.name != "-":
            return Path(self.name)
        import tempfile

        self.folder = tempfile.TemporaryDirectory(prefix="thaireports-stdin-")
        path = Path(self.folder.name) / "stdin"
        path.write_bytes(sys.stdin.buffer.read())
        return path

    def __exit__(self, *exc) -> None:
        if self.folder is not None:
            self.folder.cleanup()


def _check_output(output: str | None) -> None:
    """Refuse an output that cannot be written before any work starts (an 8-page scan OCR'd
    for nothing is a minute lost)."""
    if not output or output == "-":
        return
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ValueError(f"{output}: is a folder; give a file name")
    if not folder.is_dir():
        raise ValueError(f"{output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise ValueError(f"{output}: cannot write here")


def _cmd_read(args: argparse.Namespace) -> int:
    from thaireports import ingest

    _page_progress()
    with _Input(args.file) as path:
        doc = ingest.read(path, ocr=args.ocr, lang=args.lang)
    if args.format == "markdown":
        sys.stdout.write(doc.to_markdown())
    else:
        print(doc.model_dump_json(indent=2))
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    from thaireports import extractors

    try:
        _check_output(args.output)
    except ValueError as exc:
        _error(exc)
        return 2
    _page_progress()
    with _Input(args.file) as path:
        record = extractors.convert(path, entities=args.entities, ocr=args.ocr, lang=args.lang)
    payload = record.to_json(pretty=args.pretty)
    if args.output and args.output != "-":
        Path(args.output).write_text(payload + "\n", encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(payload + "\n")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from thaireports.corpora.importer import ConsoleProgress, import_paths

    summary = import_paths([Path(p) for p in args.paths], db=Path(args.db),
                           workers=args.workers, scheduler=args.scheduler,
                           reprocess=args.reprocess, ocr=args.ocr, lang=args.lang,
                           timeout=args.timeout or None,
                           memory=args.memory * 2**20 if args.memory else None,
                           follow_symlinks=args.follow_symlinks,
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
    from thaireports.corpora import Corpus

    with Corpus(Path(args.db), read_only=True) as corpus:
        _print_frame(corpus.search(args.query, limit=args.limit), args.format)
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    from thaireports.corpora import Corpus

    with Corpus(Path(args.db), read_only=True) as corpus:
        frame = corpus.measures(province=args.province, agency_type=args.agency_type,
                                fiscal_year=args.fiscal_year, category=args.category,
                                unit=args.unit)
        _print_frame(frame, args.format)
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    from thaireports.corpora import Corpus

    with Corpus(Path(args.db), read_only=True) as corpus:
        _print_frame(corpus.compare(by=args.by, fiscal_year=args.fiscal_year), args.format)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from thaireports.corpora import Corpus

    with Corpus(Path(args.db), read_only=True) as corpus:
        written = corpus.export(args.format, Path(args.output), force=args.force)
    print(f"wrote {written}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from thaireports.corpora.report import write_report

    written = write_report(Path(args.db), Path(args.output), province=args.province,
                           force=args.force)
    print(f"wrote {written}", file=sys.stderr)
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    from thaireports.extractors.evaluate import main as score

    argv = [args.gold, args.out, *(["--json", args.json] if args.json else []),
            *(["--quiet"] if args.quiet else [])]
    try:
        return score(argv)
    except SystemExit as exc:  # the scorer refuses with sys.exit("no gold records in ...")
        if isinstance(exc.code, str):
            _error(exc.code)
            return 2
        raise


def version_text() -> str:
    """'thaireports 0.1.0 (extractor 2.0.0+<digest of the rules>)'."""
    from importlib.metadata import PackageNotFoundError, version

    from thaireports import extractors

    try:
        package = version("thaireports")
    except PackageNotFoundError:  # run from a source tree that was never installed
        package = "unknown"
    return f"thaireports {package} (extractor {extractors.EXTRACTOR_VERSION})"


class _VersionAction(argparse.Action):
    """--version, computed only when asked (the extractor version reads the rule files)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_text())
        parser.exit()


def _cmd_duplicates(args: argparse.Namespace) -> int:
    from thaireports.corpora import Corpus

    with Corpus(Path(args.db), read_only=True) as corpus:
        _print_frame(corpus.duplicates(), args.format)
    return 0


def _correction(text: str) -> tuple[str, str]:
    """An argparse type: ``field=value`` (a dotted record field, e.g. document.ref=...)."""
    field, sep, value = _text(text).partition("=")
    if not sep or not field.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r}: write FIELD=VALUE, e.g. document.ref='พง 75501/123' or "
            "measures.0.category=public-disclosure")
    return field.strip(), value


def _cmd_correct(args: argparse.Namespace) -> int:
    from thaireports.corpora import Corpus

    with Corpus(Path(args.db)) as corpus:
        fields = corpus.correct(args.doc_id, dict(args.changes))
        row = corpus.conn.execute("SELECT group_id FROM documents WHERE id = ?",
                                  (args.doc_id,)).fetchone()
    print(f"corrected {args.doc_id}: {', '.join(fields)} (document {row[0]}; kept over "
          "re-extraction)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="thaireports",
        description="Thai local-government integrity (ITA) reports into ita-record/1 data.")
    parser.add_argument("--version", action=_VersionAction,
                        help="print the package version and the extractor version, and exit")
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
    p.add_argument("file", help="the file to read, or - for standard input")
    p.add_argument("--format", choices=["json", "markdown"], default="json")
    ingest_options(p)
    p.set_defaults(func=_cmd_read)

    p = sub.add_parser("convert", help="convert one file into an ita-record/1 JSON record")
    p.add_argument("file", help="the file to convert, or - for standard input")
    p.add_argument("-o", "--output", help="write the record here (checked before any work "
                   "starts); - or none for standard output")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    p.add_argument("--entities", action="store_true",
                   help="read the agency through the spaCy entity layer (EntityRuler of the "
                        "vocabularies and the gazetteer; loads spaCy, ~0.7 s)")
    ingest_options(p)
    p.set_defaults(func=_cmd_convert)

    p = sub.add_parser("import", help="bulk-import files, folders and zip archives into a corpus")
    p.add_argument("paths", nargs="+")
    p.add_argument("--db", required=True)
    p.add_argument("--workers", type=_bounded_int(1, 1024), default=None,
                   help="local worker processes (default: one per core)")
    p.add_argument("--scheduler", help="address of an existing Dask scheduler, tcp://HOST:PORT")
    p.add_argument("--reprocess", action="store_true",
                   help="re-extract files whose record an older extractor version made")
    p.add_argument("--quiet", action="store_true", help="no progress bar or log lines")
    p.add_argument("--follow-symlinks", action="store_true",
                   help="follow symbolic links that point outside the folders imported "
                        "(by default they are skipped; loops are never followed)")
    p.add_argument("--timeout", type=_bounded_float(0, 7 * 24 * 3600), default=1800.0,
                   help="seconds one file may take before it fails as 'timeout' (0: no limit)")
    p.add_argument("--memory", type=_bounded_int(0, 2**24), default=4096, metavar="MB",
                   help="memory one file may use, OCR included, before it fails as 'memory' "
                        "(default 4096; 0: no limit)")
    ingest_options(p)
    p.set_defaults(func=_cmd_import)

    def output_format(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", choices=["table", "csv", "json"], default="table")

    p = sub.add_parser("search", help="Thai full-text search over the corpus")
    p.add_argument("query", type=_text)
    p.add_argument("--db", required=True)
    p.add_argument("--limit", type=_bounded_int(1, 1_000_000), default=20)
    output_format(p)
    p.set_defaults(func=_cmd_search)

    p = sub.add_parser("query", help="measures with their agency, filtered")
    p.add_argument("--db", required=True)
    p.add_argument("--province", type=_text)
    p.add_argument("--agency-type", type=_text)
    p.add_argument("--fiscal-year", type=_FISCAL_YEAR)
    p.add_argument("--category", type=_text)
    p.add_argument("--unit", type=_text)
    output_format(p)
    p.set_defaults(func=_cmd_query)

    p = sub.add_parser("compare", help="cross-agency comparison")
    p.add_argument("--db", required=True)
    p.add_argument("--by", choices=["category", "unit", "indicator"], default="category")
    p.add_argument("--fiscal-year", type=_FISCAL_YEAR)
    output_format(p)
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser("duplicates", help="documents that have several files (scan, PDF, "
                                          "text...): one row per file, canonical first")
    p.add_argument("--db", required=True)
    output_format(p)
    p.set_defaults(func=_cmd_duplicates)

    p = sub.add_parser("correct", help="store hand corrections of a document's record "
                                       "(kept over --reprocess)")
    p.add_argument("--db", required=True)
    p.add_argument("doc_id", type=_text, help="the document id (documents.id)")
    p.add_argument("changes", nargs="+", type=_correction, metavar="FIELD=VALUE",
                   help="dotted record fields: agency.name=..., document.ref=..., "
                        "document.fiscal_year=2565, measures.0.category=...; VALUE is JSON "
                        "when that is valid for the field (2565, null), else text")
    p.set_defaults(func=_cmd_correct)

    p = sub.add_parser("export", help="export the corpus for pandas and other tools")
    p.add_argument("--db", required=True)
    p.add_argument("--format", choices=["jsonl", "csv", "parquet", "datasette"], required=True)
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--force", action="store_true",
                   help="replace an earlier export of ours at -o (never the corpus, never "
                        "files the export did not write)")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("report", help="write a static HTML report of the corpus (opens from "
                                      "disk, no network)")
    p.add_argument("--db", required=True, help="the corpus file")
    p.add_argument("-o", "--output", required=True,
                   help="the report folder (new or empty); open OUTPUT/index.html")
    p.add_argument("--province", type=_text,
                   help="only the documents of this province, as the corpus spells it (พังงา)")
    p.add_argument("--force", action="store_true",
                   help="replace an earlier report or export of ours at -o (never files it "
                        "did not write)")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("score", help="score records against gold records, field by field")
    p.add_argument("gold", help="folder of gold records, one STEM.json per source document")
    p.add_argument("out", help="folder of output records STEM.json (and *.jsonl), or one "
                               "JSONL file")
    p.add_argument("--json", metavar="REPORT", help="also write the scores here as JSON")
    p.add_argument("--quiet", action="store_true", help="print only the overall block")
    p.set_defaults(func=_cmd_score)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if not argv:  # a bare `thaireports`: the help, with the exit code of a usage error
        parser.print_help(sys.stderr)
        return 2
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("thaireports: interrupted", file=sys.stderr)
        return 130


def _run(args: argparse.Namespace) -> int:
    """Run the command; every failure becomes one line on stderr and an exit code."""
    import errno
    import sqlite3

    from thaireports.normalize.errors import ThaiReportsError

    try:
        return args.func(args)
    except ThaiReportsError as exc:
        _error(exc)
        return exc.exit_code
    except sqlite3.Error as exc:  # met after the corpus opened: corrupt pages, a full disk
        from thaireports.corpora.store import corpus_error

        error = corpus_error(getattr(args, "db", None) or "corpus", exc)
        _error(error)
        return error.exit_code
    except FileNotFoundError as exc:
        _error(f"{exc.filename}: no such file")
        return 2
    except BrokenPipeError:  # `thaireports ... | head`: the reader left, nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"{where}{exc.strerror or exc}")
        cannot_write = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG)
        return EXIT_CANNOT_WRITE if cannot_write else 2
    except MemoryError:
        _error("out of memory")
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug; the user still gets one line
        if os.environ.get("THAIREPORTS_DEBUG"):
            raise
        _error(f"internal error ({type(exc).__name__}: {exc}); rerun with THAIREPORTS_DEBUG=1 "
               "for the traceback and report it")
        return 1


def _error(message: object) -> None:
    """One line on stderr; control characters (a file name with terminal escapes) shown
    escaped, never sent to the terminal."""
    text = str(message)
    text = "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)
    print(f"thaireports: error: {text}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
