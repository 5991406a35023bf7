"""The corpus opens in Datasette as it is: the real Datasette app (its ASGI client, no server
to start) serves the tables, detects the FTS5 trigram tables, searches Thai substrings and facets
on the columns researchers filter by, with the metadata `thaireports export --format datasette`
writes."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from datasette import app as datasette_app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "corpora" / "samples").glob("*.txt"))


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory) -> tuple[Path, Path]:
    from thaireports import extractors
    from thaireports.corpora.cli import main
    from thaireports.corpora.store import Corpus

    folder = tmp_path_factory.mktemp("datasette")
    db = folder / "corpus.db"
    with Corpus(db, create=True) as corpus:
        for sample in SAMPLES:
            corpus.add_record(extractors.convert(sample), sample)
    metadata = folder / "metadata.json"
    assert main(["export", "--db", str(db), "--format", "datasette", "-o", str(metadata)]) == 0
    return db, metadata


def _get(db: Path, metadata: Path, path: str) -> dict:
    async def fetch():
        ds = datasette_app.Datasette([str(db)], metadata=json.loads(metadata.read_text("utf-8")))
        response = await ds.client.get(path + ("&" if "?" in path else "?") + "_extra=facet_results")
        assert response.status_code == 200, (path, response.text[:500])
        return response.json()

    return asyncio.run(fetch())


def test_tables_are_served(corpus_files) -> None:
    db, metadata = corpus_files
    tables = {t["name"]: t for t in _get(db, metadata, "/corpus.json")["tables"]}
    for name in ("documents", "measures", "measure_owners", "indicator_scores", "pages", "failures"):
        assert name in tables
    assert tables["documents"]["count"] == 3
    assert tables["pages"]["fts_table"] == "pages_fts"


@pytest.mark.parametrize("table, query, expected_at_least", [
    ("pages", "ดุลพินิจ", 2),          # a Thai word inside run-on text: no word boundaries needed
    ("pages", "เผยแพร่ข้อมูล", 3),
    ("measures", "สาธารณะ", 3),
])
def test_full_text_search_in_thai(corpus_files, table, query, expected_at_least) -> None:
    db, metadata = corpus_files
    data = _get(db, metadata, f"/corpus/{table}.json?_search={query}&_shape=objects")
    assert len(data["rows"]) >= expected_at_least


def test_facets_on_what_researchers_filter_by(corpus_files) -> None:
    db, metadata = corpus_files
    docs = _get(db, metadata, "/corpus/documents.json?_shape=objects")
    assert {"province", "agency_type", "fiscal_year"} <= set(docs["facet_results"])
    provinces = {row["value"] for row in docs["facet_results"]["province"]["results"]}
    assert {"พังงา", "ร้อยเอ็ด"} <= provinces
    measures = _get(db, metadata, "/corpus/measures.json?_shape=objects")
    categories = {row["value"] for row in measures["facet_results"]["category"]["results"]}
    assert {"public-disclosure", "discretion-review"} <= categories


def test_named_queries_do_not_hide_tables(corpus_files) -> None:
    db, metadata = corpus_files
    canned = json.loads(metadata.read_text("utf-8"))["databases"]["corpus"]["queries"]
    assert canned and not set(canned) & {"documents", "measures", "pages"}
