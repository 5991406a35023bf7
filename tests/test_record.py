"""The ita-record/1 model: the gold records validate, the schema is generated and printed."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from thaireports.extractors.record import Record, json_schema, validate_record

EXPECTED = sorted((Path(__file__).parent / "expected").glob("*.json"))


def _complete(gold: dict, stem: str) -> dict:
    """Gold files leave out source/id/pages/tables/warnings: add them as a converter would."""
    digest = stem.split("_", 1)[1].ljust(64, "0")
    return gold | {
        "id": digest[:16],
        "source": {"file": f"{stem}.txt", "sha256": digest, "media_type": "text/plain",
                   "pages": 1, "text_source": "text", "ocr": None},
    }


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.stem)
def test_gold_records_validate(path: Path) -> None:
    record = validate_record(_complete(json.loads(path.read_text("utf-8")), path.stem))
    assert record.schema_ == "ita-record/1"
    assert record.measures, "every gold record lists measures"
    again = validate_record(record.to_json())
    assert again == record


@pytest.mark.parametrize("patch, field", [
    ({"agency": {"name": "x", "type": "village"}}, "type"),          # not in the vocabulary
    ({"measures": [{"title": "t", "category": "bribes"}]}, "category"),
    ({"measures": [{"title": "t", "owners": [{"name": "กองคลัง", "unit": "treasury"}]}]}, "unit"),
    ({"document": {"date": "28/04/2565"}}, "date"),                  # not ISO
    ({"ita": {"grade": "A+"}}, "grade"),
    ({"unknown_field": 1}, "unknown_field"),                        # the contract is closed
])
def test_contract_rejects_values_outside_the_spec(patch: dict, field: str) -> None:
    gold = _complete(json.loads(EXPECTED[0].read_text("utf-8")), EXPECTED[0].stem)
    with pytest.raises(ValidationError, match=field):
        Record.model_validate(gold | patch)


def test_schema_names_every_top_level_field() -> None:
    schema = json_schema()
    assert schema["$id"] == "ita-record/1"
    assert set(schema["properties"]) == {
        "schema", "id", "source", "agency", "document", "ita", "measures", "signatories",
        "pages", "tables", "warnings"}
    category = schema["$defs"]["Measure"]["properties"]["category"]
    assert "discretion-review" in json.dumps(category)


def test_cli_prints_the_schema() -> None:
    out = subprocess.run([sys.executable, "-m", "thaireports.corpora.cli", "schema"],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["$id"] == "ita-record/1"
