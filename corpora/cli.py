"""The ``thaireports`` command: a thin layer that parses arguments, calls one library
function and prints. Heavy libraries load only inside the command that needs them."""
from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
from pathlib import Path

log = logging.getLogger("thaireports")  # the commands' one stderr switch (-v / -q)

# Exit codes, each distinct (README "Exit codes", `thaireports --help`).
EXIT_OK = 0
EXIT_INTERNAL = 1       # a bug: one line, THAIREPORTS_DEBUG=1 for the traceback
EXIT_USAGE = 2          # a bad option or argument (argparse's own code)
EXIT_CANNOT_READ = 3    # an input that cannot be read: file, corpus, a database not a corpus
EXIT_CANNOT_WRITE = 4   # read-only corpus or folder, full disk: what was committed stays
EXIT_ENVIRONMENT = 5    # a missing dependency or broken environment
EXIT_SOME_FAILED = 6    # `import` finished, but some files failed
EXIT_INTERRUPTED = 130  # Ctrl-C

EXIT_CODES: tuple[tuple[int, str], ...] = (
    (EXIT_OK, "done"),
    (EXIT_INTERNAL, "internal error (a bug): one line; THAIREPORTS_DEBUG=1 for the traceback"),
    (EXIT_USAGE, "usage error: a bad option or argument"),
    (EXIT_CANNOT_READ, "an input that cannot be read: an unreadable, corrupt, unsupported or "
                       "encrypted file, a missing or unusable corpus, a database that is not "
                       "a corpus"),
    (EXIT_CANNOT_WRITE, "cannot write: a read-only corpus or folder, a full disk; what was "
                        "committed stays and a rerun resumes"),
    (EXIT_ENVIRONMENT, "a missing dependency or broken environment: a Tesseract language, "
                       "LibreOffice, an extra not installed, Dask workers that cannot run "
                       "the import"),
    (EXIT_SOME_FAILED, "`import` finished, but some files failed (listed in the summary and "
                       "the failures table)"),
    (EXIT_INTERRUPTED, "interrupted (Ctrl-C); a rerun resumes"),
)

# The optional extras (pyproject.toml) -> the modules they install, and what each command
# needs. Converting one file needs only the core dependencies.
EXTRAS: dict[str, tuple[str, ...]] = {
    "corpus": ("pandas", "pyarrow", "matplotlib"),
    "cluster": ("dask", "distributed", "tqdm"),
    "entities": ("spacy",),
}
COMMAND_EXTRAS: dict[str, tuple[str, ...]] = {
    "search": ("corpus",), "query": ("corpus",), "compare": ("corpus",),
    "duplicates": ("corpus",), "correct": ("corpus",), "export": ("corpus",),
    "report": ("corpus",), "import": ("cluster", "corpus"),
}


class MissingExtraError(Exception):
    """A command whose optional extra is not installed (exit 5, says what to pip install)."""

    exit_code = EXIT_ENVIRONMENT

    def __init__(self, command: str, extra: str, module: str):
        super().__init__(f"'thaireports {command}' needs the {extra} extra ({module} is not "
                         f"installed): pip install 'thaireports[{extra}]'")


def _missing(module: str) -> bool:
    """Whether ``module`` cannot be imported, found without importing it (fast)."""
    import importlib.util

    if module in sys.modules:
        return sys.modules[module] is None  # None: blocked (python -c / tests)
    try:
        return importlib.util.find_spec(module) is None
    except (ImportError, ValueError):
        return True


def check_extras(command: str, extras: tuple[str, ...]) -> None:
    """Raise MissingExtraError for the first module of ``extras`` that is not installed."""
    for extra in extras:
        for module in EXTRAS[extra]:
            if _missing(module):
                raise MissingExtraError(command, extra, module)


def _extra_of(module: str | None) -> str | None:
    top = (module or "").partition(".")[0]
    return next((extra for extra, modules in EXTRAS.items() if top in modules), None)


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


BE_YEARS = (2400, 2700)  # fiscal years the options take: Buddhist Era (พ.ศ.)
BE_OFFSET = 543          # พ.ศ. - 543 = ค.ศ. (the fiscal year starts 1 October of the year before)


def _fiscal_year(text: str) -> int:
    """An argparse type: a Buddhist-Era fiscal year; a Common-Era year gets the BE hint.

    Example:
        >>> _fiscal_year("2566")
        2566
        >>> _fiscal_year("2023")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: fiscal years are Buddhist Era: 2023 CE is 2566 BE
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    low, high = BE_YEARS
    if low - BE_OFFSET <= value <= high - BE_OFFSET:
        raise argparse.ArgumentTypeError(
            f"fiscal years are Buddhist Era: {value} CE is {value + BE_OFFSET} BE")
    if not low <= value <= high:
        shown = text if len(text) <= 30 else text[:27] + "..."
        raise argparse.ArgumentTypeError(
            f"{shown} is out of range: a Buddhist-Era fiscal year such as 2566, {low} to {high}")
    return value


_FISCAL_YEAR = _fiscal_year


# -- the stderr switch: -v / -q on every command ---------------------------------------------

def _configure_logging(args: argparse.Namespace) -> None:
    """One handler on stderr for the ``thaireports`` logger: -q errors only (which _error
    prints itself), the default notices ('wrote ...', text warnings), -v also page-level
    warnings and timings."""
    level = (logging.ERROR if getattr(args, "quiet", False)
             else logging.DEBUG if getattr(args, "verbose", False) else logging.INFO)
    for handler in list(log.handlers):
        log.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(level)
    log.propagate = False


def _log_warnings(warnings) -> None:
    """-v: each warning of a document or record, with its page, on stderr."""
    for w in warnings:
        page = f"page {w.page}: " if w.page is not None else ""
        log.debug("warning: %s[%s] %s", page, w.code, w.message)


def _refuse_stdout(value: str | None, what: str) -> None:
    """Refuse ``-`` (standard output / input) where it cannot work, saying why."""
    if value == "-":
        raise _UsageError(f"{what}; give a file or folder name instead of -")


class _UsageError(Exception):
    """A bad combination of arguments that argparse cannot see: exit 2, one line."""

    exit_code = EXIT_USAGE


def _write_output(output: str | None, payload: str, what: str = "") -> None:
    """``payload`` to the file ``output``, or to standard output for None or ``-``."""
    if output and output != "-":
        Path(output).write_text(payload, encoding="utf-8")
        log.info("wrote %s%s", output, f" ({what})" if what else "")
    else:
        sys.stdout.write(payload)


def _cmd_schema(args: argparse.Namespace) -> int:
    from thaireports.extractors.record import json_schema

    _check_output(args.output)
    _write_output(args.output, json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
    return 0


def _read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    from thaireports.ingest.sniff import read_text_file

    return read_text_file(Path(name))


def _cmd_normalize(args: argparse.Namespace) -> int:
    _check_output(args.output)
    text = _read_input(args.file)
    if args.dates:
        from thaireports.normalize.dates import find_dates

        lines = [json.dumps(match.to_dict(), ensure_ascii=False) + "\n"
                 for match in find_dates(text)]
        _write_output(args.output, "".join(lines))
        return 0
    from thaireports.normalize.text import normalize_text

    normalized, warnings = normalize_text(text, join_wraps=args.join_wraps)
    _write_output(args.output, normalized if normalized.endswith("\n") else normalized + "\n")
    for w in warnings:
        log.info("warning: [%s] %s", w.code, w.message)
    return 0


def _page_progress(args: argparse.Namespace) -> None:
    """A line per OCR'd page on stderr for long scans, on a terminal (every page with -v, and
    never with -q). The OCR modules are not imported otherwise: the text path starts
    without them."""
    if args.quiet or not (args.verbose or sys.stderr.isatty()):
        return
    from thaireports.ingest.ocr import enable_page_progress

    if args.verbose:
        enable_page_progress(sys.stderr, min_pages=1, only_terminal=False)
    else:
        enable_page_progress()


class _Input:
    """The input file of read / convert: a path, or '-' for standard input (its bytes kept in
    a private temporary folder under the name 'stdin', which the reader sniffs by its bytes)."""

    def __init__(self, name: str, suffix: str = ""):
        self.name, self.suffix, self.folder = name, suffix, None

    def __enter__(self) -> Path:
        if self.name != "-":
            return Path(self.name)
        import tempfile

        self.folder = tempfile.TemporaryDirectory(prefix="thaireports-stdin-")
        path = Path(self.folder.name) / f"stdin{self.suffix}"
        path.write_bytes(sys.stdin.buffer.read())
        return path

    def __exit__(self, *exc) -> None:
        if self.folder is not None:
            self.folder.cleanup()


class _OutputError(Exception):
    """An output that cannot be written (exit 4), or that is not a file name (exit 2)."""

    def __init__(self, message: str, exit_code: int = EXIT_CANNOT_WRITE):
        super().__init__(message)
        self.exit_code = exit_code


def _check_output(output: str | None) -> None:
    """Refuse an output that cannot be written before any work starts (an 8-page scan OCR'd
    for nothing is a minute lost)."""
    if not output or output == "-":
        return
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise _OutputError(f"{output}: is a folder; give a file name", EXIT_USAGE)
    if not folder.is_dir():
        raise _OutputError(f"{output}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise _OutputError(f"{output}: cannot write here")


def _cmd_read(args: argparse.Namespace) -> int:
    import time

    from thaireports import ingest

    _page_progress(args)
    started = time.monotonic()
    with _Input(args.file) as path:
        doc = ingest.read(path, ocr=args.ocr, lang=args.lang)
    _log_warnings(doc.warnings)
    log.debug("read %s: %d page(s) in %.2f s", args.file, len(doc.pages),
              time.monotonic() - started)
    if args.format == "markdown":
        sys.stdout.write(doc.to_markdown())
    else:
        print(doc.model_dump_json(indent=2))
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    import time

    if args.entities:
        check_extras("convert --entities", ("entities",))
    from thaireports import extractors

    _check_output(args.output)
    _page_progress(args)
    started = time.monotonic()
    with _Input(args.file) as path:
        record = extractors.convert(path, entities=args.entities, ocr=args.ocr, lang=args.lang)
    _log_warnings(record.warnings)
    log.debug("converted %s: %d page(s), %d measure(s) in %.2f s", args.file,
              len(record.pages), len(record.measures), time.monotonic() - started)
    _write_output(args.output, record.to_json(pretty=args.pretty) + "\n")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    import time

    for name in args.paths:
        _refuse_stdout(name, "import reads files, folders and zip archives, not standard input")
    from thaireports.corpora.importer import ConsoleProgress, import_paths

    started = time.monotonic()
    summary = import_paths([Path(p) for p in args.paths], db=Path(args.db),
                           workers=args.workers, scheduler=args.scheduler,
                           reprocess=args.reprocess, ocr=args.ocr, lang=args.lang,
                           timeout=args.timeout or None,
                           memory=args.memory * 2**20 if args.memory else None,
                           follow_symlinks=args.follow_symlinks,
                           progress=None if args.quiet else ConsoleProgress(sys.stderr))
    print(summary.report())
    log.debug("import: %.1f s", time.monotonic() - started)
    return EXIT_OK if not summary.failed else EXIT_SOME_FAILED


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


def _timed(what: str, started: float, frame) -> None:
    import time

    log.debug("%s: %d row(s) in %.2f s", what, len(frame), time.monotonic() - started)


def _cmd_search(args: argparse.Namespace) -> int:
    import time

    from thaireports.corpora import Corpus

    started = time.monotonic()
    with Corpus(Path(args.db), read_only=True) as corpus:
        frame = corpus.search(args.query, limit=args.limit)
        _timed("search", started, frame)
        _print_frame(frame, args.format)
    return 0


def _cmd_query(args: argparse.Namespace) -> int:
    import time

    from thaireports.corpora import Corpus

    started = time.monotonic()
    with Corpus(Path(args.db), read_only=True) as corpus:
        frame = corpus.measures(province=args.province, agency_type=args.agency_type,
                                fiscal_year=args.fiscal_year, category=args.category,
                                unit=args.unit)
        _timed("query", started, frame)
        _print_frame(frame, args.format)
    return 0


def _cmd_compare(args: argparse.Namespace) -> int:
    import time

    from thaireports.corpora import Corpus

    started = time.monotonic()
    with Corpus(Path(args.db), read_only=True) as corpus:
        frame = corpus.compare(by=args.by, fiscal_year=args.fiscal_year)
        _timed("compare", started, frame)
        _print_frame(frame, args.format)
    return 0


# Export formats that are one stream of text, and so can go to standard output.
STDOUT_EXPORTS = ("jsonl",)


def _cmd_export(args: argparse.Namespace) -> int:
    import time

    if args.output == "-" and args.format not in STDOUT_EXPORTS:
        kind = {"csv": "a folder of CSV files, one per table",
                "parquet": "a folder of Parquet datasets",
                "datasette": "a metadata file that Datasette reads beside the corpus"}
        raise _UsageError(f"export --format {args.format} -o -: {args.format} writes "
                          f"{kind.get(args.format, 'files')}, not standard output; give a "
                          f"name, or use --format {'/'.join(STDOUT_EXPORTS)} for -o -")
    if args.format == "parquet":
        check_extras("export --format parquet", ("corpus",))
    from thaireports.corpora import Corpus

    started = time.monotonic()
    with Corpus(Path(args.db), read_only=True) as corpus:
        if args.output == "-":
            import tempfile

            with tempfile.TemporaryDirectory(prefix="thaireports-export-") as folder:
                written = corpus.export(args.format, Path(folder) / f"export.{args.format}")
                with open(written, encoding="utf-8") as stream:
                    for line in stream:
                        sys.stdout.write(line)
            log.debug("export: %.2f s", time.monotonic() - started)
            return 0
        written = corpus.export(args.format, Path(args.output), force=args.force)
    log.debug("export: %.2f s", time.monotonic() - started)
    print(f"wrote {written}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    _refuse_stdout(args.output, "report -o names a folder (index.html and its files), not "
                                "standard output")
    from thaireports.corpora.report import write_report

    written = write_report(Path(args.db), Path(args.output), province=args.province,
                           force=args.force)
    log.info("wrote %s", written)
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    from thaireports.extractors.evaluate import main as score

    _refuse_stdout(args.gold, "score: the gold records are a folder, not standard input")
    if args.json == "-":
        raise _UsageError("score --json -: the scores already go to standard output; give "
                          "a file name for the JSON report")
    with _Input(args.out, suffix=".jsonl") as out:
        argv = [args.gold, str(out), *(["--json", args.json] if args.json else []),
                *(["--quiet"] if args.quiet else [])]
        try:
            return score(argv)
        except SystemExit as exc:  # the scorer refuses with sys.exit("no gold records in ...")
            if isinstance(exc.code, str):
                _error(exc.code)
                return EXIT_CANNOT_READ
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
    import time

    from thaireports.corpora import Corpus

    started = time.monotonic()
    with Corpus(Path(args.db), read_only=True) as corpus:
        frame = corpus.duplicates()
        _timed("duplicates", started, frame)
        _print_frame(frame, args.format)
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
    from thaireports.corpora.errors import CorpusError, CorpusWriteError

    with Corpus(Path(args.db)) as corpus:
        try:
            fields = corpus.correct(args.doc_id, dict(args.changes))
        except CorpusWriteError:
            raise
        except CorpusError as exc:  # an unknown document id, a value the field refuses
            raise _UsageError(str(exc)) from exc
        row = corpus.conn.execute("SELECT group_id FROM documents WHERE id = ?",
                                  (args.doc_id,)).fetchone()
    print(f"corrected {args.doc_id}: {', '.join(fields)} (document {row[0]}; kept over "
          "re-extraction)")
    return 0


# -- the parser -------------------------------------------------------------------------------

def _vocabularies() -> dict[str, tuple[str, ...]]:
    """The closed vocabularies the options take, from the project's own tables."""
    from typing import get_args

    from thaireports.corpora.queries import COMPARE_BY
    from thaireports.extractors.record import AgencyType, Category, Unit
    from thaireports.ingest.reader import OCR_MODES

    return {"category": get_args(Category), "unit": get_args(Unit),
            "agency_type": get_args(AgencyType), "compare_by": tuple(COMPARE_BY),
            "ocr": tuple(OCR_MODES)}


EXPORT_FORMATS = ("jsonl", "csv", "parquet", "datasette")  # Corpus.export's writers
OUTPUT_FORMATS = ("table", "csv", "json")


def exit_codes_text() -> str:
    """The exit-code table, as `thaireports --help` ends with it."""
    import textwrap

    lines = ["exit codes:"]
    lines += [textwrap.fill(meaning, 79, initial_indent=f"  {code:<4} ",
                            subsequent_indent=" " * 7) for code, meaning in EXIT_CODES]
    return "\n".join(lines) + "\n\n'-' stands for standard input or output wherever a file goes " \
        "in or out.\nShell completion: none (argparse has none built in)."


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's layout, with the epilog (the exit codes) kept as written."""


def build_parser() -> argparse.ArgumentParser:
    vocab = _vocabularies()
    parser = argparse.ArgumentParser(
        prog="thaireports",
        description="Thai local-government integrity (ITA) reports into ita-record/1 data.",
        epilog=exit_codes_text(), formatter_class=_HelpFormatter)
    parser.add_argument("--version", action=_VersionAction,
                        help="print the package version and the extractor version, and exit")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    loud = common.add_mutually_exclusive_group()
    loud.add_argument("-v", "--verbose", action="store_true",
                      help="also page-level warnings and timings on stderr")
    loud.add_argument("-q", "--quiet", action="store_true",
                      help="nothing on stderr but errors")

    def command(name: str, help: str, quiet_help: str | None = None,
                usage: str | None = None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, parents=[common], usage=usage,
                           epilog="exit codes: see `thaireports --help`")
        if quiet_help:
            for action in p._actions:
                if "--quiet" in action.option_strings:
                    action.help = quiet_help
        return p

    def db_option(p: argparse.ArgumentParser, help: str = "the corpus file (thaireports "
                  "import makes it)") -> None:
        p.add_argument("--db", required=True, help=help)

    p = command("schema", "print the JSON Schema of ita-record/1")
    p.add_argument("-o", "--output", help="write the schema here; - or none for standard output")
    p.set_defaults(func=_cmd_schema)

    p = command("normalize", "print normalized Thai text (or --dates as JSON lines)")
    p.add_argument("file", help="a text file, or - for standard input")
    p.add_argument("-o", "--output", help="write the text here; - or none for standard output")
    p.add_argument("--dates", action="store_true",
                   help="list every date found with its ISO value and position")
    p.add_argument("--join-wraps", action="store_true",
                   help="also remove spaces that line wraps left inside Thai words")
    p.set_defaults(func=_cmd_normalize)

    def ingest_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--ocr", choices=vocab["ocr"], default="auto",
                       help="OCR pages: auto (when the text layer is missing or broken), "
                            "always, never (default auto)")
        p.add_argument("--lang", default="tha+eng", help="Tesseract languages (default tha+eng)")

    p = command("read", "read a file into pages and tables")
    p.add_argument("file", help="the file to read, or - for standard input")
    p.add_argument("--format", choices=["json", "markdown"], default="json",
                   help="json: the Document; markdown: pages as '## Page N', tables as pipe "
                        "tables (default json)")
    ingest_options(p)
    p.set_defaults(func=_cmd_read)

    p = command("convert", "convert one file into an ita-record/1 JSON record")
    p.add_argument("file", help="the file to convert, or - for standard input")
    p.add_argument("-o", "--output", help="write the record here (checked before any work "
                   "starts); - or none for standard output")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    p.add_argument("--entities", action="store_true",
                   help="read the agency through the spaCy entity layer (EntityRuler of the "
                        "vocabularies and the gazetteer; loads spaCy, ~0.7 s; needs "
                        "thaireports[entities])")
    ingest_options(p)
    p.set_defaults(func=_cmd_convert)

    p = command("import", "bulk-import files, folders and zip archives into a corpus "
                          "(needs thaireports[cluster])",
                quiet_help="no progress bar or log lines; nothing on stderr but errors")
    p.add_argument("paths", nargs="+", help="files, folders (read recursively) and zip archives")
    db_option(p, "the corpus file; made if it does not exist")
    p.add_argument("--workers", type=_bounded_int(1, 1024), default=None,
                   help="local worker processes (default: one per core)")
    p.add_argument("--scheduler", help="address of an existing Dask scheduler, tcp://HOST:PORT")
    p.add_argument("--reprocess", action="store_true",
                   help="re-extract files whose record an older extractor version made")
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
        p.add_argument("--format", choices=OUTPUT_FORMATS, default="table",
                       help="how the rows are printed on standard output (default table)")

    fiscal_help = "only this fiscal year, Buddhist Era (2566; 2023 CE is 2566 BE)"

    p = command("search", "Thai full-text search over the corpus")
    p.add_argument("query", type=_text, help="Thai words to find (taken as text, not syntax)")
    db_option(p)
    p.add_argument("--limit", type=_bounded_int(1, 1_000_000), default=20,
                   help="at most this many hits (default 20)")
    output_format(p)
    p.set_defaults(func=_cmd_search)

    p = command("query", "measures with their agency, filtered")
    db_option(p)
    p.add_argument("--province", type=_text, help="only this province, as the corpus spells "
                                                   "it (ร้อยเอ็ด)")
    p.add_argument("--agency-type", choices=vocab["agency_type"], metavar="TYPE",
                   help="only this agency type: " + ", ".join(vocab["agency_type"]))
    p.add_argument("--fiscal-year", type=_FISCAL_YEAR, help=fiscal_help)
    p.add_argument("--category", choices=vocab["category"], metavar="CATEGORY",
                   help="only measures of this category: " + ", ".join(vocab["category"]))
    p.add_argument("--unit", choices=vocab["unit"], metavar="UNIT",
                   help="only measures owned by this unit: " + ", ".join(vocab["unit"]))
    output_format(p)
    p.set_defaults(func=_cmd_query)

    p = command("compare", "cross-agency comparison")
    db_option(p)
    p.add_argument("--by", choices=vocab["compare_by"], default="category",
                   help="agencies x measure categories, owner units per category, or ITA "
                        "scores side by side (default category)")
    p.add_argument("--fiscal-year", type=_FISCAL_YEAR, help=fiscal_help)
    output_format(p)
    p.set_defaults(func=_cmd_compare)

    p = command("duplicates", "documents that have several files (scan, PDF, text...): one "
                              "row per file, canonical first")
    db_option(p)
    output_format(p)
    p.set_defaults(func=_cmd_duplicates)

    p = command("correct", "store hand corrections of a document's record (kept over "
                           "--reprocess)",  # one usage line: its errors stay two lines
                usage="thaireports correct [-h] [-v | -q] --db DB DOC_ID FIELD=VALUE [...]")
    db_option(p)
    p.add_argument("doc_id", type=_text, help="the document id (documents.id)")
    p.add_argument("changes", nargs="+", type=_correction, metavar="FIELD=VALUE",
                   help="dotted record fields: agency.name=..., document.ref=..., "
                        "document.fiscal_year=2565, measures.0.category=...; VALUE is JSON "
                        "when that is valid for the field (2565, null), else text")
    p.set_defaults(func=_cmd_correct)

    p = command("export", "export the corpus for pandas and other tools")
    db_option(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, required=True,
                   help="jsonl: one record per line (a file, or - for standard output); csv: "
                        "a folder, one file per table; parquet: a folder of datasets by fiscal "
                        "year; datasette: a metadata file for `datasette corpus.db -m FILE`")
    p.add_argument("-o", "--output", required=True,
                   help="the file or folder to write; - for standard output (jsonl only)")
    p.add_argument("--force", action="store_true",
                   help="replace an earlier export of ours at -o (never the corpus, never "
                        "files the export did not write)")
    p.set_defaults(func=_cmd_export)

    p = command("report", "write a static HTML report of the corpus (opens from disk, no "
                          "network)")
    db_option(p)
    p.add_argument("-o", "--output", required=True,
                   help="the report folder (new or empty); open OUTPUT/index.html")
    p.add_argument("--province", type=_text,
                   help="only the documents of this province, as the corpus spells it (พังงา)")
    p.add_argument("--force", action="store_true",
                   help="replace an earlier report or export of ours at -o (never files it "
                        "did not write)")
    p.set_defaults(func=_cmd_report)

    p = command("score", "score records against gold records, field by field",
                quiet_help="print only the overall block; nothing on stderr but errors")
    p.add_argument("gold", help="folder of gold records, one STEM.json per source document")
    p.add_argument("out", help="folder of output records STEM.json (and *.jsonl), or one "
                               "JSONL file, or - for JSONL on standard input")
    p.add_argument("--json", metavar="REPORT", help="also write the scores here as JSON")
    p.set_defaults(func=_cmd_score)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else argv
    if not argv:  # a bare `thaireports`: the help, with the exit code of a usage error
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    args = parser.parse_args(argv)
    _configure_logging(args)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("thaireports: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    """Run the command; every failure becomes one line on stderr and an exit code."""
    import errno
    import sqlite3

    from thaireports.normalize.errors import ThaiReportsError

    try:
        check_extras(args.command, COMMAND_EXTRAS.get(args.command, ()))
        return args.func(args)
    except (ThaiReportsError, MissingExtraError, _UsageError, _OutputError) as exc:
        code = exc.exit_code
        # An interruption the user asked for is news, not an error: "thaireports: interrupted: ..."
        _error(exc, kind="" if code == EXIT_INTERRUPTED else "error: ")
        return code
    except sqlite3.Error as exc:  # met after the corpus opened: corrupt pages, a full disk
        from thaireports.corpora.store import corpus_error

        error = corpus_error(getattr(args, "db", None) or "corpus", exc)
        _error(error)
        return error.exit_code
    except ModuleNotFoundError as exc:  # an optional module the command reached for
        extra = _extra_of(exc.name)
        if extra:
            _error(MissingExtraError(args.command, extra, exc.name))
        else:
            _error(f"{exc.name or exc} is not installed (a broken installation?): "
                   "pip install thaireports again")
        return EXIT_ENVIRONMENT
    except FileNotFoundError as exc:
        _error(f"{exc.filename}: no such file")
        return EXIT_CANNOT_READ
    except BrokenPipeError:  # `thaireports ... | head`: the reader left, nothing to report
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"{where}{exc.strerror or exc}")
        cannot_write = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG)
        return EXIT_CANNOT_WRITE if cannot_write else EXIT_CANNOT_READ
    except MemoryError:
        _error("out of memory")
        return EXIT_INTERNAL
    except Exception as exc:  # noqa: BLE001 - a bug; the user still gets one line
        if os.environ.get("THAIREPORTS_DEBUG"):
            raise
        _error(f"internal error ({type(exc).__name__}: {exc}); rerun with THAIREPORTS_DEBUG=1 "
               "for the traceback and report it")
        return EXIT_INTERNAL


def _error(message: object, kind: str = "error: ") -> None:
    """One line on stderr; control characters (a file name with terminal escapes) shown
    escaped, never sent to the terminal."""
    text = str(message)
    text = "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)
    print(f"thaireports: {kind}{text}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
