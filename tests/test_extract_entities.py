"""The spaCy entity layer: gazetteer and vocabulary patterns, regex spans aligned to tokens."""
from pathlib import Path

import pytest

pytest.importorskip("spacy")

from extractors.convert import convert  # noqa: E402
from extractors.entities import find_entities  # noqa: E402

SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples"


@pytest.mark.parametrize("text,expected", [
    ("องค์การบริหารส่วนตำบลเหล อำเภอกะปง จังหวัดพังงา",
     [("AGENCY", "องค์การบริหารส่วนตำบลเหล"), ("DISTRICT", "กะปง"), ("PROVINCE", "พังงา")]),
    # newmm glues นายก to the prefix: the regex span is expanded to whole tokens
    ("เรียน นายกองค์การบริหารส่วนตำบลเหล", [("AGENCY", "องค์การบริหารส่วนตำบลเหล")]),
    ("สำนักปลัด กองคลัง กองช่าง", [("UNIT", "สำนักปลัด"), ("UNIT", "กองคลัง"), ("UNIT", "กองช่าง")]),
])
def test_find_entities(text, expected):
    assert [(e.label, e.name) for e in find_entities(text)] == expected


def test_entity_path_agrees_with_plain_path():
    sample = SAMPLES / "004_5ffc331d1e529717.txt"
    assert convert(sample, entities=True).agency == convert(sample).agency
