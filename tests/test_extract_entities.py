"""The spaCy entity layer: gazetteer and vocabulary patterns, regex spans aligned to tokens."""
from pathlib import Path

import pytest

from thaireports.extractors.convert import convert
from thaireports.extractors.entities import find_entities

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


def test_convert_cli_reads_the_agency_through_the_entity_layer(tmp_path):
    import json
    import subprocess

    from tests.scoring import ROOT, cli

    sample = ROOT / "corpora" / "samples" / "002_42136bed46e24e6d.txt"
    out = tmp_path / "record.json"
    subprocess.run([*cli(), "convert", str(sample), "--entities", "-o", str(out)],
                   check=True, capture_output=True, timeout=120)
    agency = json.loads(out.read_text("utf-8"))["agency"]
    assert agency == {"name": "องค์การบริหารส่วนตำบลเหล", "type": "sao",
                      "district": "กะปง", "province": "พังงา"}
