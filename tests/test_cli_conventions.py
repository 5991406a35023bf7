"""The command's conventions (issue 13), through the real CLI: distinct exit codes (README and
`--help`), a clear error for a missing extra, -v/-q on every command, '-' for standard input
and output, help on every option, closed vocabularies as choices, Buddhist-Era fiscal years."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from thaireports.corpora import cli
from thaireports.extractors.record import Category

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "corpora" / "samples").glob("*.txt"))
THAIREPORTS = Path(sys.executable).parent / "thaireports"
ENV = {**os.environ, "PYTHAINLP_OFFLINE": "1"}
COMMANDS = sorted(cli.build_parser()._subparsers._group_actions[0].choices)


def run(*args, stdin: str | None = None, env: dict | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(THAIREPORTS), *map(str, args)], text=True, capture_output=True,
                          input=stdin, env=env or ENV, cwd=cwd, timeout=300, check=False)


def run_blocked(modules: list[str], *args, stdin: str | None = None):
    """The CLI's main() in a Python where ``modules`` cannot be imported (as if the extra
    that installs them were not installed)."""
    code = ("import sys\n"
            f"for name in {modules!r}: sys.modules[name] = None\n"
            "from thaireports.corpora.cli import main\n"
            f"sys.exit(main({list(map(str, args))!r}))\n")
    return subprocess.run([sys.executable, "-c", code], text=True, capture_output=True,
                          input=stdin, env=ENV, timeout=300, check=False)


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    """A corpus of the samples, written through the library (no Dask)."""
    from thaireports.corpora import Corpus
    from thaireports.extractors import convert

    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with Corpus(db, create=True) as corpus:
        for sample in SAMPLES:
            corpus.add_record(convert(sample), f"archive/{sample.name}", "test-1")
    return db


# -- exit codes ---------------------------------------------------------------------------------

def test_exit_codes_are_distinct_and_documented_in_help_and_readme():
    codes = [code for code, _ in cli.EXIT_CODES]
    assert codes == [0, 1, 2, 3, 4, 5, 6, 130] and len(set(codes)) == len(codes)
    done = run("--help")
    assert done.returncode == 0
    epilog = done.stdout.split("exit codes:", 1)[1]
    for code in codes:
        assert re.search(rf"^  {code}\s", epilog, re.M), code
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("Exit codes, the same for every command:", 1)[1].split("\n\n", 2)[1]
    assert [int(m) for m in re.findall(r"^\| (\d+) \|", table, re.M)] == codes


def test_usage_error_is_2():
    assert run("convert").returncode == 2
    assert run("export", "--db", "x.db", "--format", "xml", "-o", "x").returncode == 2


def test_unreadable_input_is_3(tmp_path):
    assert run("convert", tmp_path / "missing.pdf").returncode == 3
    (tmp_path / "empty.pdf").write_bytes(b"")
    done = run("convert", tmp_path / "empty.pdf")
    assert done.returncode == 3 and "empty" in done.stderr
    done = run("search", "ดุลพินิจ", "--db", tmp_path / "no.db")
    assert done.returncode == 3 and done.stderr.count("\n") == 1
    (tmp_path / "notes.db").write_text("not a database")
    assert run("query", "--db", tmp_path / "notes.db").returncode == 3


def test_cannot_write_is_4(tmp_path):
    done = run("convert", SAMPLES[0], "-o", tmp_path / "missing" / "x.json")
    assert done.returncode == 4 and "does not exist" in done.stderr


def test_internal_error_is_1_and_interrupt_130():
    for raised, code in (("RuntimeError('boom')", 1), ("KeyboardInterrupt()", 130)):
        script = ("import sys\nfrom thaireports.corpora import cli\n"
                  f"def broken(args): raise {raised}\n"
                  "parser = cli.build_parser\n"
                  "def patched():\n    p = parser()\n    p.set_defaults(func=broken)\n"
                  "    for sub in p._subparsers._group_actions[0].choices.values():\n"
                  "        sub.set_defaults(func=broken)\n    return p\n"
                  "cli.build_parser = patched\nsys.exit(cli.main(['schema']))\n")
        done = subprocess.run([sys.executable, "-c", script], text=True, capture_output=True,
                              env=ENV, timeout=60, check=False)
        assert done.returncode == code, done.stderr
        assert "Traceback" not in done.stderr
    assert "THAIREPORTS_DEBUG=1" in subprocess.run(
        [sys.executable, "-c", script.replace("KeyboardInterrupt()", "RuntimeError('boom')")],
        text=True, capture_output=True, env=ENV, timeout=60).stderr


# -- missing extras: exit 5 with the pip command -----------------------------------------------

@pytest.mark.parametrize("blocked, args, message", [
    (["dask"], ["import", "{sample}", "--db", "{tmp}/c.db"],
     "'thaireports import' needs the cluster extra (dask is not installed): "
     "pip install 'thaireports[cluster]'"),
    (["pandas"], ["search", "ดุลพินิจ", "--db", "{tmp}/c.db"],
     "'thaireports search' needs the corpus extra (pandas is not installed): "
     "pip install 'thaireports[corpus]'"),
    (["matplotlib"], ["report", "--db", "{tmp}/c.db", "-o", "{tmp}/r"],
     "'thaireports report' needs the corpus extra (matplotlib is not installed)"),
    (["spacy"], ["convert", "{sample}", "--entities"],
     "'thaireports convert --entities' needs the entities extra (spacy is not installed): "
     "pip install 'thaireports[entities]'"),
])
def test_a_missing_extra_is_named_with_its_pip_command(tmp_path, blocked, args, message):
    args = [a.format(sample=SAMPLES[0], tmp=tmp_path) for a in args]
    done = run_blocked(blocked, *args)
    assert done.returncode == 5, done.stderr
    assert done.stderr.startswith(f"thaireports: error: {message}"), done.stderr
    assert done.stderr.count("\n") == 1
    assert not (tmp_path / "c.db").exists()


def test_converting_one_file_needs_only_the_core_dependencies():
    done = run_blocked(["pandas", "pyarrow", "matplotlib", "dask", "distributed", "tqdm",
                        "spacy"], "convert", SAMPLES[0])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["schema"] == "ita-record/1"


# -- -v / -q -----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_verbose_and_quiet(command):
    done = run(command, "--help")
    assert done.returncode == 0
    assert "-v, --verbose" in done.stdout and "-q, --quiet" in done.stdout
    assert run(command, "-v", "-q").returncode == 2  # one or the other


def test_verbose_shows_page_warnings_and_timings_quiet_nothing(tmp_path):
    out = tmp_path / "r.json"
    quiet = run("convert", SAMPLES[0], "-o", out, "-q")
    assert quiet.returncode == 0 and quiet.stderr == ""
    default = run("convert", SAMPLES[0], "-o", out)
    assert default.stderr == f"wrote {out}\n"
    verbose = run("convert", SAMPLES[0], "-o", out, "-v")
    record = json.loads(out.read_text(encoding="utf-8"))
    assert re.search(r"converted .*: \d+ page\(s\), \d+ measure\(s\) in [\d.]+ s", verbose.stderr)
    for w in record["warnings"]:
        assert f"[{w['code']}] {w['message']}" in verbose.stderr
    text = "เลข๑๒๓ ข้อความ\u200b"
    assert run("normalize", "-", "-q", stdin=text).stderr == ""


def test_verbose_times_corpus_commands(corpus_db):
    done = run("search", "มาตรการ", "--db", corpus_db, "-v")
    assert done.returncode == 0 and re.search(r"search: \d+ row\(s\) in [\d.]+ s", done.stderr)
    assert run("search", "มาตรการ", "--db", corpus_db, "-q").stderr == ""


# -- '-' for standard input and output ---------------------------------------------------------

def test_export_jsonl_to_standard_output(corpus_db, tmp_path):
    done = run("export", "--db", corpus_db, "--format", "jsonl", "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(SAMPLES)
    assert all(json.loads(line)["schema"] == "ita-record/1" for line in lines)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["csv", "parquet", "datasette"])
def test_export_refuses_standard_output_where_it_cannot_work(corpus_db, tmp_path, fmt):
    done = run("export", "--db", corpus_db, "--format", fmt, "-o", "-", cwd=tmp_path)
    assert done.returncode == 2
    assert "not standard output" in done.stderr and done.stderr.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_report_and_import_refuse_a_dash(corpus_db, tmp_path):
    done = run("report", "--db", corpus_db, "-o", "-", cwd=tmp_path)
    assert done.returncode == 2 and "not standard output" in done.stderr
    done = run("import", "-", "--db", tmp_path / "c.db", cwd=tmp_path)
    assert done.returncode == 2 and "not standard input" in done.stderr
    assert not (tmp_path / "c.db").exists()


def test_schema_and_normalize_write_to_a_file_or_a_dash(tmp_path):
    assert json.loads(run("schema", "-o", "-").stdout)["title"]
    done = run("schema", "-o", tmp_path / "s.json")
    assert done.returncode == 0 and json.loads((tmp_path / "s.json").read_text())["title"]
    done = run("normalize", "-", "-o", tmp_path / "n.txt", stdin="ปี ๒๕๖๖\n")
    assert done.returncode == 0 and (tmp_path / "n.txt").read_text(encoding="utf-8") == "ปี 2566\n"


def test_score_reads_jsonl_from_standard_input(tmp_path):
    records = [run("convert", s).stdout.strip() for s in SAMPLES]
    done = run("score", ROOT / "tests" / "expected", "-", "-q", stdin="\n".join(records) + "\n")
    assert done.returncode == 0, done.stderr
    assert "== overall" in done.stdout and "no output record" not in done.stdout


# -- help, choices, fiscal years -----------------------------------------------------------------

def test_every_option_has_help_text():
    parser = cli.build_parser()
    for name, sub in parser._subparsers._group_actions[0].choices.items():
        for action in sub._actions:
            assert action.help, f"thaireports {name} {action.option_strings or action.dest}"


def test_closed_vocabularies_are_choices_from_the_project_tables(corpus_db):
    done = run("query", "--db", corpus_db, "--category", "bribes")
    assert done.returncode == 2
    for code in get_args(Category):
        assert f"'{code}'" in done.stderr
    assert run("query", "--db", corpus_db, "--category", "public-disclosure",
               "--agency-type", "sao", "--unit", "finance").returncode == 0
    assert "choose from 'category', 'unit', 'indicator'" in run(
        "compare", "--db", corpus_db, "--by", "province").stderr
    assert "choose from 'auto', 'always', 'never'" in run("read", "x", "--ocr", "yes").stderr


@pytest.mark.parametrize("command", ["query", "compare"])
def test_fiscal_years_are_buddhist_era(corpus_db, command):
    done = run(command, "--db", corpus_db, "--fiscal-year", "2023")
    assert done.returncode == 2
    assert "fiscal years are Buddhist Era: 2023 CE is 2566 BE" in done.stderr
    assert run(command, "--db", corpus_db, "--fiscal-year", "2566").returncode == 0
    done = run(command, "--db", corpus_db, "--fiscal-year", "25")
    assert done.returncode == 2 and "2400 to 2700" in done.stderr
