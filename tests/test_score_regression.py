"""Regression guard: the three samples converted by the real CLI, scored by the real scorer
(tests/score.py, a copy of ../shared/score.py) against the gold records in tests/expected/."""
from pathlib import Path

import pytest

import subprocess

from tests.scoring import cli, convert_and_score

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "corpora" / "samples").glob("*.txt"))
# reached 1.000 on the text samples (extractor 1.0.0); a small margin for harmless drift
MIN_OVERALL_F1 = 0.95
MIN_FIELD = 0.80


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return convert_and_score(SAMPLES, ROOT / "tests" / "expected", tmp_path_factory.mktemp("records"))


def test_three_samples_present():
    assert len(SAMPLES) == 3


def test_overall_f1(report):
    assert report["overall_f1"] >= MIN_OVERALL_F1, report["overall"]


def test_every_field(report):
    low = {k: v for k, v in report["overall"].items() if v is not None and v < MIN_FIELD}
    assert not low, low


def test_records_validate(report, tmp_path):
    from thaireports.extractors.record import validate_record

    for sample in SAMPLES:
        done = subprocess.run([*cli(), "convert", str(sample), "--pretty"], capture_output=True,
                              text=True, cwd=ROOT, timeout=120, check=True)
        record = validate_record(done.stdout)
        assert record.id == record.source.sha256[:16]
        assert record.source.file.endswith(sample.name)


def test_convert_missing_file_fails_with_one_line():
    done = subprocess.run([*cli(), "convert", "/nonexistent/x.pdf"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert done.returncode != 0
    assert len(done.stderr.strip().splitlines()) == 1
