"""Shared fixtures: the bundled samples, offline pythainlp."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

SAMPLES = Path(__file__).resolve().parent.parent / "corpora" / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """corpora/samples: three real OCR'd memos (000, 002, 004)."""
    return SAMPLES


@pytest.fixture(scope="session")
def sample_paths() -> dict[str, Path]:
    """Sample files keyed by their 3-digit prefix ('000', '002', '004')."""
    return {p.name[:3]: p for p in sorted(SAMPLES.glob("*.txt"))}
