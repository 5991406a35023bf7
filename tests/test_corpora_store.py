"""The corpus store: schema, one-transaction writes, Thai trigram search, filters, compare,
exports that read back equal. Records are the gold records of the samples, completed with
source, id and the sample's text as page 1, so the tests do not depend on the extractors."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from thaireports.corpora.store import SCHEMA_VERSION, Corpus, CorpusError, SearchQueryError, fts_phrase
from thaireports.extractors.record import Record, validate_record
from thaireports.normalize.digits import thai_digits_to_arabic

HERE = Path(__file__).parent
SAMPLES = sorted((HERE.parent / "corpora" / "samples").glob("*.txt"))


def sample_record(sample: Path) -> Record:
    """The gold record of a sample with what a converter adds (source, id, pages)."""
    data = sample.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    gold = json.loads((HERE / "expected" / f"{sample.stem}.json").read_text("utf-8"))
    text = thai_digits_to_arabic(data.decode("utf-8"))  # record text is normalized
    # Two pages, cut at a blank line near the middle, so page numbers mean something.
    cut = text.find("\n\n", len(text) // 2)
    pages = [text[:cut], text[cut:].lstrip("\n")]
    return validate_record(gold | {
        "id": sha[:16],
        "source": {"file": sample.name, "sha256": sha, "media_type": "text/plain",
                   "pages": 2, "text_source": "text", "ocr": None},
        "pages": [{"number": n, "text_source": "text", "text": t}
                  for n, t in enumerate(pages, 1)]})


RECORDS = [sample_record(s) for s in SAMPLES]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with Corpus(path, create=True) as c:
        for sample, record in zip(SAMPLES, RECORDS):
            c.add_record(record, f"samples/{sample.name}", "test-1")
    corpus = Corpus(path)
    yield corpus
    corpus.close()


def texts_containing(phrase: str) -> set[str]:
    """Oracle: ids of records whose page texts or measure titles/actions hold the phrase."""
    found = set()
    for r in RECORDS:
        haystacks = [p.text for p in r.pages] + [m.title for m in r.measures] + \
                    [a for m in r.measures for a in m.actions]
        if any(phrase in h for h in haystacks):
            found.add(r.id)
    return found


# Thai substrings of the samples, inside words and across word boundaries: no segmentation.
@pytest.mark.parametrize("phrase", [
    "ดุลพินิจ",                 # measure title word (000, 004)
    "เผยแพร่ข้อมูล",             # public-disclosure
    "ร้องเรียน",                 # complaint-handling
    "ผลประโยชน์ส่วนตน",         # bribery / conflict of interest
    "พินิ",                      # 4 characters from the middle of ดุลพินิจ
    "ความโปร่งใส",
    "คุณภาพการดำเนินงาน",       # an ITA indicator name
    "บึงนคร",                    # an agency name
    "สินบน",
])
def test_search_finds_thai_substrings(corpus: Corpus, phrase: str) -> None:
    hits = corpus.search(phrase, limit=100)
    expected = texts_containing(phrase)
    assert expected, "the phrase is taken from the samples"
    assert set(hits["document_id"]) == expected
    assert hits["snippet"].str.contains(r"\[", regex=True).all()  # highlighted match
    assert hits["rank"].is_monotonic_increasing  # bm25: best (lowest) first
    assert set(hits["hit"]) <= {"page", "measure"}


def test_search_hits_name_agency_page_and_measure(corpus: Corpus) -> None:
    hits = corpus.search("มาตรการตรวจสอบการใช้ดุลพินิจ", limit=50)
    measures = hits[hits["hit"] == "measure"]
    assert (measures["measure"] == "มาตรการตรวจสอบการใช้ดุลพินิจ").any()
    pages = hits[hits["hit"] == "page"]
    assert pages["page"].notna().all() and set(pages["page"]) <= {1, 2}
    assert hits["agency"].str.startswith("องค์การบริหารส่วนตำบล").all()


@pytest.mark.parametrize("query", ["", "  ", "ดุ", "ab", "  ดุ\n"])
def test_short_queries_are_refused_with_a_message(corpus: Corpus, query: str) -> None:
    with pytest.raises(SearchQueryError, match="at least 3 characters"):
        corpus.search(query)


# Hostile input is searched as literal text: never an FTS operator, never SQL.
@pytest.mark.parametrize("query", [
    '"""',                                  # quotes only
    '"""ดุลพินิจ',                          # unbalanced quotes around Thai
    'ดุลพินิจ" OR "ร้องเรียน',             # an attempt to break out of the phrase
    "ดุลพินิจ OR สินบน",                    # FTS operator as text
    "NEAR(ดุลพินิจ สินบน)",
    "title: มาตรการ",                       # column filter syntax
    "มาตร*",                                # prefix syntax
    "'; DROP TABLE documents; --",          # SQL
    "ดุลพินิจ') UNION SELECT sql FROM sqlite_master --",
])
def test_hostile_queries_are_taken_as_text(corpus: Corpus, query: str) -> None:
    hits = corpus.search(query, limit=100)
    assert set(hits["document_id"]) == texts_containing(" ".join(query.split()))
    assert len(corpus.documents()) == len(RECORDS)


def test_overlong_query_is_refused(corpus: Corpus) -> None:
    with pytest.raises(SearchQueryError, match="limit"):
        corpus.search("ดุลพินิจ" * 200)


def test_fts_phrase_doubles_quotes() -> None:
    assert fts_phrase('ก "ข" ค') == '"ก ""ข"" ค"'


def test_thai_digits_in_a_query_find_the_normalized_text(corpus: Corpus) -> None:
    # The stored text has Arabic digits (ita-record/1); people type either.
    thai = corpus.search("พ.ศ. ๒๕๖๒", limit=100)
    assert set(thai["document_id"]) == texts_containing("พ.ศ. 2562") != set()


def measure_rows() -> list[dict]:
    return [{"agency": r.agency.name, "province": r.agency.province,
             "fiscal_year": r.document.fiscal_year, "category": m.category, "title": m.title,
             "units": {o.unit for o in m.owners}} for r in RECORDS for m in r.measures]


@pytest.mark.parametrize("filters", [
    {},
    {"category": "discretion-review"},
    {"category": "public-disclosure"},
    {"unit": "finance"},
    {"province": "พังงา"},
    {"fiscal_year": 2566},
    {"fiscal_year": 2566, "category": "discretion-review"},
    {"agency": "คมบาง"},
    {"category": "no-gift"},                # a category no sample has
])
def test_measures_filters_match_the_records(corpus: Corpus, filters: dict) -> None:
    def keep(row: dict) -> bool:
        return all((row["units"] and v in row["units"]) if k == "unit"
                   else v in row[k] if k == "agency" else row[k] == v
                   for k, v in filters.items())

    expected = sorted((r["agency"], r["title"]) for r in measure_rows() if keep(r))
    frame = corpus.measures(**filters)
    assert sorted(zip(frame["agency"], frame["title"])) == expected
    assert str(frame["fiscal_year"].dtype) == "Int64"


def test_unknown_filter_is_an_error(corpus: Corpus) -> None:
    with pytest.raises(CorpusError, match="provnce"):
        corpus.measures(provnce="พังงา")


def test_compare_by_category_counts_each_agencys_measures(corpus: Corpus) -> None:
    wide = corpus.compare("category")
    assert len(wide) == len(RECORDS)
    for record in RECORDS:
        row = wide[wide["agency"] == record.agency.name].iloc[0]
        for category in {m.category for m in record.measures}:
            assert row[category] == sum(m.category == category for m in record.measures)
    only = corpus.compare("category", fiscal_year=2565)
    assert list(only["fiscal_year"]) == [2565]


def test_compare_by_unit_and_indicator(corpus: Corpus) -> None:
    by_unit = corpus.compare("unit")
    finance = {r["category"] for r in measure_rows() if "finance" in r["units"]}
    assert set(by_unit.loc[by_unit["finance"] > 0, "category"]) == finance
    scores = corpus.compare("indicator")
    assessed = [r for r in RECORDS if r.ita]
    assert list(scores["agency"]) == [r.agency.name for r in assessed]
    for record in assessed:
        row = scores[scores["agency"] == record.agency.name].iloc[0]
        assert row["ita_score"] == record.ita.score
        for ind in record.ita.indicators:
            assert row[f"{ind.tool}-{ind.number}"] == ind.score


def test_compare_rejects_unknown_axis(corpus: Corpus) -> None:
    with pytest.raises(CorpusError, match="category, unit, indicator"):
        corpus.compare("district")


def test_exports_read_back_equal_to_the_corpus(corpus: Corpus, tmp_path: Path) -> None:
    # jsonl: the records themselves
    out = corpus.export("jsonl", tmp_path / "corpus.jsonl")
    lines = pd.read_json(out, lines=True, dtype=False)
    assert sorted(lines["id"]) == sorted(r.id for r in RECORDS)
    back = [validate_record(json.loads(line)) for line in out.read_text("utf-8").splitlines()]
    assert sorted(back, key=lambda r: r.id) == sorted(RECORDS, key=lambda r: r.id)

    for fmt in ("csv", "parquet"):
        folder = corpus.export(fmt, tmp_path / fmt)
        for table in ("documents", "files", "measures", "measure_owners", "indicator_scores",
                      "pages"):
            expected = corpus.export_table(table)
            if fmt == "csv":
                expected = expected.drop(columns=["record"], errors="ignore")
                got = pd.read_csv(folder / f"{table}.csv", encoding="utf-8-sig",
                                  dtype={c: "string" for c in expected.columns
                                         if str(expected[c].dtype) in ("str", "string")})
                got = got.astype({c: expected[c].dtype for c in got.columns
                                  if c != "imported_at"})
                got["imported_at"] = pd.to_datetime(got.get("imported_at"), utc=True) \
                    if "imported_at" in got else None
                if "imported_at" not in expected:
                    got = got.drop(columns=["imported_at"])
                # CSV has no null apart from the empty cell: compare text with '' for null.
                text = [c for c in expected.columns if str(expected[c].dtype) in ("str", "string")]
                expected = expected.astype({c: object for c in text}).fillna({c: "" for c in text})
                got = got.astype({c: object for c in text}).fillna({c: "" for c in text})
            else:
                got = pd.read_parquet(folder / table).drop(columns=["fy"])
            key = [c for c in ("id", "file_id", "measure_id", "document_id", "number", "name")
                   if c in expected.columns]
            got = got[expected.columns].sort_values(key).reset_index(drop=True)
            expected = expected.sort_values(key).reset_index(drop=True)
            pd.testing.assert_frame_equal(got, expected, check_dtype=False,
                                          check_exact=False)
    with pytest.raises(CorpusError, match="other files"):
        (tmp_path / "notes").mkdir()
        (tmp_path / "notes" / "mine.txt").write_text("x")
        corpus.export("csv", tmp_path / "notes")


def test_parquet_is_partitioned_by_fiscal_year(corpus: Corpus, tmp_path: Path) -> None:
    folder = corpus.export("parquet", tmp_path / "pq")
    years = {p.name for p in (folder / "documents").iterdir()}
    assert years == {f"fy={r.document.fiscal_year}" for r in RECORDS}
    one = pd.read_parquet(folder / "measures", filters=[("fy", "=", 2566)])
    assert len(one) == sum(len(r.measures) for r in RECORDS if r.document.fiscal_year == 2566)


def test_rewriting_a_record_replaces_it_and_clears_its_failure(tmp_path: Path) -> None:
    record = RECORDS[0]
    with Corpus(tmp_path / "c.db", create=True) as c:
        c.add_failure("a/x.txt", record.source.sha256, "IngestError: earlier failure")
        c.add_record(record, "a/x.txt", "v1")
        c.add_record(record, "a/x.txt", "v2")
        assert len(c.table("documents")) == 1
        assert len(c.table("measures")) == len(record.measures)
        assert len(c.table("pages")) == len(record.pages)
        assert c.table("failures").empty
        assert c.known_versions() == {record.source.sha256: "v2"}
        # The FTS index followed the deletes: one document's hits, not two.
        hits = c.search("มาตรการ", limit=100)
        assert len(hits) == len(hits.drop_duplicates(["hit", "page", "measure", "snippet"]))
        assert c.integrity_check() == "ok"
        c.conn.execute("INSERT INTO pages_fts(pages_fts) VALUES('integrity-check')")


def test_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    record = RECORDS[1]
    with Corpus(tmp_path / "c.db", create=True) as c:
        c.conn.execute("CREATE TRIGGER boom BEFORE INSERT ON pages "
                       "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END")
        with pytest.raises(sqlite3.DatabaseError, match="disk trouble"):
            c.add_record(record, "x.txt")
        for table in ("documents", "measures", "measure_owners", "indicator_scores", "pages"):
            assert c.table(table).empty, table


def test_schema_version_wal_and_newer_corpus(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Corpus(path, create=True) as c:
        assert c.schema_version == SCHEMA_VERSION
        assert c.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Corpus(path) as c:  # reopening migrates nothing and keeps the data
        assert c.schema_version == SCHEMA_VERSION
    sqlite3.connect(path).execute("PRAGMA user_version = 99").connection.close()
    with pytest.raises(CorpusError, match="newer thaireports"):
        Corpus(path)


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no corpus there"):
        Corpus(tmp_path / "typo.db")
    assert not (tmp_path / "typo.db").exists()


def test_reader_never_sees_a_half_written_record(tmp_path: Path) -> None:
    """WAL: a second connection reading while records are written sees each document with all
    its measures and pages, or not at all."""
    import threading

    path = tmp_path / "c.db"
    Corpus(path, create=True).close()
    stop, first_read = threading.Event(), threading.Event()
    errors: list[str] = []

    def write() -> None:
        first_read.wait(30)  # the reader is reading before the first write
        with Corpus(path) as writer:
            for _ in range(15):
                for record in RECORDS:
                    writer.add_record(record, record.source.file)  # replace = delete + insert
        stop.set()

    thread = threading.Thread(target=write)
    thread.start()
    reads = 0
    with Corpus(path) as reader:
        while not stop.is_set() or reads == 0:
            with reader.conn:  # one read transaction: one snapshot
                reader.conn.execute("BEGIN")
                for doc_id, measures, pages in reader.conn.execute(
                        "SELECT id, measure_count, page_count FROM documents"):
                    got = reader.conn.execute(
                        "SELECT (SELECT count(*) FROM measures WHERE document_id = ?),"
                        "       (SELECT count(*) FROM pages WHERE document_id = ?)",
                        (doc_id, doc_id)).fetchone()
                    if tuple(got) != (measures, pages):
                        errors.append(f"{doc_id}: {tuple(got)} != {(measures, pages)}")
            reads += 1
            first_read.set()
    thread.join()
    assert not errors and reads > 1


def test_batches_written_before_their_index_are_found_once_indexed(tmp_path: Path) -> None:
    """add_records(index=False), as the importer writes: the rows are there at once, search
    finds them after index_pending, and a record replaced before it was indexed leaves the
    FTS index sound (nothing deleted from it that it never held)."""
    with Corpus(tmp_path / "c.db", create=True) as c:
        c.add_records([(r, f"a/{r.source.file}", "v1") for r in RECORDS], index=False)
        assert len(c.documents()) == 3 and c.search("ดุลพินิจ").empty
        c.add_records([(RECORDS[0], "a/again.txt", "v2")], index=False)  # replaced, unindexed
        pages = sum(len(r.pages) for r in RECORDS)
        assert c.index_pending(limit=1) == 1 and c.index_pending() == pages - 1
        assert c.index_pending() == 0
        assert set(c.search("ดุลพินิจ", limit=100)["document_id"]) == texts_containing("ดุลพินิจ")
        c.conn.execute("INSERT INTO pages_fts(pages_fts) VALUES('integrity-check')")
        c.conn.execute("INSERT INTO measures_fts(measures_fts) VALUES('integrity-check')")
        c.add_record(RECORDS[1], "a/x.txt", "v3")  # replacing an indexed record
        c.conn.execute("INSERT INTO pages_fts(pages_fts) VALUES('integrity-check')")
        assert c.integrity_check() == "ok"


def test_writer_benchmark_reports_its_figures() -> None:
    from thaireports.corpora.store import benchmark_writer

    figures = benchmark_writer(96, batch=32, records=RECORDS)
    assert figures["records"] == 96 and figures["documents"] == 96  # no false duplicates
    assert figures["records_per_s"] > 0 and figures["index_records_per_s"] > 0
    assert figures["pages_per_record"] == 2


def _scan_sized(count: int) -> list[Record]:
    from thaireports.corpora.store import distinct_copies

    return distinct_copies(RECORDS, count, shape="scans")


def test_records_read_back_exactly_with_page_text_stored_once(tmp_path: Path) -> None:
    """Page text lives in pages only; Corpus.record, records() and the jsonl export give the
    record back exactly as it was stored (scan-sized records of 2-10 pages too)."""
    records = [*RECORDS, *_scan_sized(5)]
    with Corpus(tmp_path / "c.db", create=True) as c:
        c.add_records([(r, f"a/{r.id}.txt", "v1") for r in records[:-1]], index=False)
        c.add_record(records[-1], "a/last.pdf", "v1")
        for r in records:
            assert c.record(r.id) == r.to_dict()
            assert validate_record(c.record(r.id)).to_json() == r.to_json()
        for doc_id, payload in c.conn.execute("SELECT id, record FROM documents"):
            stored = json.loads(payload)
            assert stored["pages"] and all("text" not in p for p in stored["pages"])
            for (text,) in c.conn.execute("SELECT text FROM pages WHERE document_id = ?",
                                          (doc_id,)):
                assert json.dumps(text[:200], ensure_ascii=False)[1:-1] not in payload  # once
        assert sorted(c.records(), key=lambda d: d["id"]) == sorted(
            (r.to_dict() for r in records), key=lambda d: d["id"])
        lines = c.export("jsonl", tmp_path / "all.jsonl").read_text("utf-8").splitlines()
        assert sorted(json.loads(line)["id"] for line in lines) == sorted(r.id for r in records)
        assert all(json.loads(line) == c.record(json.loads(line)["id"]) for line in lines)
        with pytest.raises(CorpusError, match="no document"):
            c.record("0123456789abcdef")


def _as_schema_2(path: Path, records: list[Record]) -> None:
    """Turn a corpus back into what schema 2 stored: the record JSON (and the extracted
    record of a corrected document) with its page texts."""
    conn = sqlite3.connect(path)
    full = {r.id: r.to_dict() for r in records}
    for doc_id, payload, extracted in conn.execute(
            "SELECT id, record, extracted FROM documents").fetchall():
        texts = [t for (t,) in conn.execute(
            "SELECT text FROM pages WHERE document_id = ? ORDER BY id", (doc_id,))]

        def with_texts(data: dict) -> str:
            for page, text in zip(data["pages"], texts):
                page["text"] = text
            return json.dumps(data, ensure_ascii=False)

        conn.execute("UPDATE documents SET record = ?, extracted = ? WHERE id = ?",
                     (with_texts(json.loads(payload)),
                      with_texts(json.loads(extracted)) if extracted else None, doc_id))
        assert doc_id in full
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()


def test_a_corpus_made_by_schema_2_opens_and_reads_back(tmp_path: Path) -> None:
    import shutil

    records = [*RECORDS, *_scan_sized(3)]
    path = tmp_path / "old.db"
    with Corpus(path, create=True) as c:
        c.add_records([(r, f"a/{r.id}.txt", "v1") for r in records])
        c.correct(RECORDS[0].id, {"document.ref": "พง 75501/123"})
        corrected = c.record(RECORDS[0].id)
    _as_schema_2(path, records)
    with sqlite3.connect(path) as conn:  # what schema 2 stored: the texts twice
        (payload,) = conn.execute("SELECT record FROM documents WHERE id = ?",
                                  (records[-1].id,)).fetchone()
        assert json.loads(payload)["pages"][0]["text"] == records[-1].pages[0].text
    shutil.copy(path, tmp_path / "reader.db")
    for name, read_only in (("old.db", False), ("reader.db", True)):
        with Corpus(tmp_path / name, read_only=read_only) as c:
            assert c.schema_version == SCHEMA_VERSION == 3
            assert c.record(RECORDS[0].id) == corrected
            assert corrected["document"]["ref"] == "พง 75501/123"
            for r in records[1:]:
                assert c.record(r.id) == r.to_dict()
            assert not c.conn.execute(
                "SELECT count(*) FROM documents WHERE json_extract(record, '$.pages[0].text') "
                "IS NOT NULL OR json_extract(extracted, '$.pages[0].text') IS NOT NULL"
            ).fetchone()[0]
            assert set(c.search("ดุลพินิจ", limit=100)["document_id"]) >= texts_containing(
                "ดุลพินิจ")
            assert c.integrity_check() == "ok"
    with Corpus(path) as c:  # the correction still applies after the migration
        c.correct(RECORDS[0].id, {"document.subject": "มาตรการ ฉบับแก้"})
        again = c.record(RECORDS[0].id)
        assert again["document"]["ref"] == "พง 75501/123"
        assert [p["text"] for p in again["pages"]] == [p.text for p in RECORDS[0].pages]


def test_a_batch_with_a_duplicate_and_a_replaced_file_writes_each_row_once(
        tmp_path: Path) -> None:
    """Child rows are gathered per batch: a file written twice in one batch, and a second
    file of the same document, still leave one set of rows per file."""
    copy = RECORDS[1].model_copy(update={
        "id": "f" * 16, "source": RECORDS[1].source.model_copy(update={"sha256": "f" * 64})})
    with Corpus(tmp_path / "c.db", create=True) as c:
        c.add_records([(RECORDS[0], "a/0.txt", "v1"), (RECORDS[1], "a/1.txt", "v1"),
                       (RECORDS[0], "a/0-again.txt", "v1"), (copy, "a/1-copy.txt", "v1")],
                      index=False)
        c.index_pending()
        for r in (RECORDS[0], RECORDS[1], copy):
            got = c.conn.execute(
                "SELECT (SELECT count(*) FROM measures WHERE document_id = :id), "
                "(SELECT count(*) FROM pages WHERE document_id = :id), "
                "(SELECT count(*) FROM indicator_scores WHERE document_id = :id)",
                {"id": r.id}).fetchone()
            indicators = len(r.ita.indicators) if r.ita else 0
            assert tuple(got) == (len(r.measures), len(r.pages), indicators)
            assert c.record(r.id) == r.to_dict()
        assert len(c.documents()) == 2  # the copy is the same document as RECORDS[1]
        c.conn.execute("INSERT INTO pages_fts(pages_fts) VALUES('integrity-check')")
        c.conn.execute("INSERT INTO measures_fts(measures_fts) VALUES('integrity-check')")
        assert c.integrity_check() == "ok"
