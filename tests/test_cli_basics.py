"""The command as a new user meets it, run as a user runs it (subprocess): `--version`, a bare
`thaireports`, and `thaireports score` on records converted from the bundled samples."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from thaireports import extractors

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "corpora" / "samples").glob("*.txt"))
GOLD = ROOT / "tests" / "expected"
THAIREPORTS = Path(sys.executable).parent / "thaireports"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHAINLP_OFFLINE": "1"}
    return subprocess.run([str(THAIREPORTS), *args], text=True, capture_output=True, env=env,
                          timeout=120, check=False)


def test_version_names_package_and_extractor():
    result = run("--version")
    # The extractor version digests the rule files: read them again now, not at import time.
    extractor = f"{extractors.RULES_RELEASE}+{extractors.rules_digest()}"
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"thaireports {version('thaireports')} (extractor {extractor})\n"
    assert result.stderr == ""


def test_bare_command_prints_help_as_a_usage_error():
    result = run()
    assert result.returncode == 2
    assert result.stderr.startswith("usage: thaireports")
    for command in ("convert", "import", "search", "report", "score", "--version"):
        assert command in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["report", "score"])
def test_new_commands_have_help(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: thaireports {command}")


# -- score ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> Path:
    """The samples converted by the real CLI into OUT/<stem>.json, as `make demo` does."""
    out = tmp_path_factory.mktemp("converted")
    for sample in SAMPLES:
        result = run("convert", str(sample), "-o", str(out / f"{sample.stem}.json"))
        assert result.returncode == 0, result.stderr
    return out


def _overall(stdout: str) -> float:
    last = stdout.strip().splitlines()[-1]
    assert last.startswith("overall F1: ")
    return float(last.removeprefix("overall F1: "))


@pytest.mark.parametrize("quiet", [False, True], ids=["per-document", "quiet"])
def test_score_converted_samples(converted, tmp_path, quiet):
    report = tmp_path / "คะแนน.json"
    result = run("score", str(GOLD), str(converted), "--json", str(report),
                 *(["--quiet"] if quiet else []))
    assert result.returncode == 0, result.stderr
    per_document = [line for line in result.stdout.splitlines() if line.startswith("== 0")]
    assert len(per_document) == (0 if quiet else len(SAMPLES))
    assert "== overall   (3 documents)" in result.stdout
    scores = json.loads(report.read_text(encoding="utf-8"))
    assert round(scores["overall_f1"], 3) == _overall(result.stdout)
    assert set(scores["documents"]) == {s.stem for s in SAMPLES}
    assert _overall(result.stdout) >= 0.95  # README: 1.000 on the samples as OCR'd text


def test_score_reads_one_jsonl_file(converted, tmp_path):
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text("".join(json.dumps(json.loads(p.read_text(encoding="utf-8")),
                                        ensure_ascii=False) + "\n"
                             for p in sorted(converted.glob("*.json"))), encoding="utf-8")
    folder = run("score", str(GOLD), str(converted), "--quiet")
    single = run("score", str(GOLD), str(jsonl), "--quiet")
    assert single.returncode == 0, single.stderr
    assert single.stdout == folder.stdout


@pytest.mark.parametrize("section,field,wrong", [
    # A wrong Thai value in one of the three documents costs that field a third.
    ("agency", "name", "องค์การบริหารส่วนตำบลเหลา"),
    ("agency", "province", "ภูเก็ต"),
    ("agency", "district", "ตะกั่วป่า"),
])
def test_score_sees_a_wrong_thai_value(converted, tmp_path, section, field, wrong):
    out = tmp_path / "out"
    out.mkdir()
    for path in converted.glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        if path.name.startswith("002"):
            record[section][field] = wrong
        (out / path.name).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    report = tmp_path / "scores.json"
    result = run("score", str(GOLD), str(out), "--json", str(report), "--quiet")
    assert result.returncode == 0, result.stderr
    scores = json.loads(report.read_text(encoding="utf-8"))
    assert scores["overall"][f"{section}.{field}"] == pytest.approx(2 / 3)
    assert scores["documents"]["002_42136bed46e24e6d"][f"{section}.{field}"] == 0.0


@pytest.mark.parametrize("gold,out,message", [
    ("empty", "converted", "no gold records in"),
    ("gold", "ไม่มีโฟลเดอร์", "no such output:"),
])
def test_score_refusals_are_one_line(converted, tmp_path, gold, out, message):
    (tmp_path / "empty").mkdir()
    gold_dir = tmp_path / "empty" if gold == "empty" else GOLD
    out_path = converted if out == "converted" else tmp_path / out
    result = run("score", str(gold_dir), str(out_path))
    assert result.returncode == 3
    assert result.stderr.startswith(f"thaireports: error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1


SAMPLE_004 = Path(__file__).resolve().parents[1] / "corpora" / "samples" / "004_5ffc331d1e529717.txt"


def _cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("thaireports")
    return subprocess.run([str(exe), *args], input=stdin, capture_output=True, timeout=120,
                          env={**os.environ, "PYTHAINLP_OFFLINE": "1"})


def test_convert_reads_standard_input():
    done = _cli("convert", "-", stdin=SAMPLE_004.read_bytes())
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record["source"]["file"] == "stdin"
    assert record["agency"]["name"] == "องค์การบริหารส่วนตำบลบึงนคร"


def test_convert_to_standard_output_with_a_dash(tmp_path):
    done = subprocess.run([str(Path(sys.executable).with_name("thaireports")), "convert",
                           str(SAMPLE_004), "-o", "-"], cwd=tmp_path, capture_output=True,
                          timeout=120, env={**os.environ, "PYTHAINLP_OFFLINE": "1"})
    assert done.returncode == 0 and json.loads(done.stdout)["schema"] == "ita-record/1"
    assert not (tmp_path / "-").exists()


def test_an_output_that_cannot_be_written_is_refused_before_the_work(tmp_path):
    done = _cli("convert", str(SAMPLE_004), "-o", str(tmp_path / "missing" / "x.json"))
    assert done.returncode == 4
    assert b"does not exist" in done.stderr and b"Traceback" not in done.stderr


def test_convert_says_what_it_wrote(tmp_path):
    out = tmp_path / "r.json"
    done = _cli("convert", str(SAMPLE_004), "-o", str(out))
    assert done.returncode == 0 and out.exists()
    assert f"wrote {out}".encode() in done.stderr


def test_read_reads_standard_input():
    done = _cli("read", "-", "--format", "markdown", stdin=SAMPLE_004.read_bytes())
    assert done.returncode == 0 and "ประกาศองค์การบริหารส่วนตำบลบึงนคร" in done.stdout.decode()
