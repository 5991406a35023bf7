"""Regression guard on the independent sets (tests/data/independent: documents written without
reading the rules, scored as text by the real CLI and scorer; see its README for what each
figure means). The floors are the figures reached minus 0.03 for harmless drift; none of them is
accuracy on documents the project has never seen."""
from pathlib import Path

import pytest

from tests.scoring import convert_and_score

ROOT = Path(__file__).resolve().parents[1]
SETS = ROOT / "tests" / "data" / "independent"
REACHED = {"ud": 0.999, "ho": 0.997, "h2": 0.959, "h3": 0.957, "h4": 0.945, "h5": 0.967,
           "h6": 0.944, "h7": 0.888, "h8": 0.971, "h9": 0.945, "h10": 0.909}
SOURCES = (".txt", ".html", ".md", ".docx", ".xlsx")  # h5 is Word, Excel, markdown, a web page, text
DRIFT = 0.03


@pytest.mark.parametrize("name", sorted(REACHED))
def test_set_scores_at_least_its_floor(name: str, tmp_path: Path) -> None:
    folder = SETS / name
    documents = sorted(p for p in folder.iterdir() if p.suffix in SOURCES and p.stem != "NOTES")
    assert documents and {d.stem for d in documents} == {g.stem for g in folder.glob("*.json")}
    report = convert_and_score(documents, folder, tmp_path)
    assert not [stem for stem, d in report["documents"].items() if d["missing"]]
    assert report["overall_f1"] >= REACHED[name] - DRIFT, report["overall"]
