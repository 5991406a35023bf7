"""The distribution: one top-level name, `thaireports`, whatever the repository's folders are."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import thaireports
from thaireports import corpora, extractors, ingest, normalize

ROOT = Path(__file__).resolve().parent.parent


def _tracked_copy(dest: Path) -> Path:
    """The files git tracks (plus this change's untracked ones), copied: a build must not write
    build/ or egg-info folders into the working tree."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split("\n")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def test_the_wheel_holds_only_thaireports(tmp_path: Path) -> None:
    source = _tracked_copy(tmp_path / "src")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "-w", str(tmp_path / "dist"), str(source)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-2000:]
    assert "warning" not in built.stderr.lower(), built.stderr[-2000:]
    (wheel,) = (tmp_path / "dist").glob("thaireports-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"thaireports", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info"}
    for module in ("thaireports/__init__.py", "thaireports/normalize/dates.py",
                   "thaireports/ingest/pdf.py", "thaireports/extractors/measures/tables.py",
                   "thaireports/corpora/cli.py", "thaireports/normalize/data/domain_words.txt",
                   "thaireports/corpora/samples/000_4904129c074ec5d2.txt"):
        assert module in names
    entry_points = zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "thaireports = thaireports.corpora.cli:main" in entry_points

    # Installed into a fresh venv (no dependencies: what lands is what matters), site-packages
    # gains thaireports and its dist-info, nothing named normalize, ingest or corpora.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=120)
    site = next((venv / "lib").glob("python3*/site-packages"))
    before = set(p.name for p in site.iterdir())
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                                "install", "--no-deps", "-q", str(wheel)],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr[-2000:]
    added = {name for name in (p.name for p in site.iterdir()) if name not in before}
    assert added == {"thaireports", wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1]
                     + ".dist-info"}, added
    assert (venv / "bin" / "thaireports").exists()


def test_the_stages_are_found_under_the_one_name() -> None:
    assert thaireports.__version__ not in ("", "unknown")
    for stage in (normalize, ingest, extractors, corpora):
        assert stage.__name__.startswith("thaireports.")
    assert extractors.convert.__module__ == "thaireports.extractors.convert"
