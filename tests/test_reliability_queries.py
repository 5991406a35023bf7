"""Hostile search and filter strings (issue 7), through the `thaireports` command on a corpus of
the real samples: quotes, FTS5 operators, SQL fragments, control characters and very long input
are searched as text and never change the corpus. Library-level cases of ``fts_phrase`` are in
tests/test_corpora_store.py; here the whole path (argument -> SQL -> output) is exercised."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from thaireports.corpora.store import MAX_QUERY_CHARS, Corpus
from thaireports.extractors.convert import convert
from tests._reliability_inputs import SAMPLES

BIN = Path(sys.executable).parent
ENV = os.environ | {"PYTHAINLP_OFFLINE": "1"}

HOSTILE = [
    'ดุลพินิจ" OR "1"="1',                       # a quote that would end the phrase
    '"ดุลพินิจ',                                   # an unbalanced quote
    "ดุลพินิจ OR มาตรการ",                        # FTS5 boolean operators
    "ดุลพินิจ NOT มาตรการ",
    "NEAR(ดุลพินิจ มาตรการ, 5)",                  # FTS5 NEAR group
    "text: ดุลพินิจ",                              # a column filter
    "{text} : ดุลพินิจ",
    "ดุล*",                                        # prefix query
    "^ดุลพินิจ",                                   # initial-token query
    "'; DROP TABLE documents; --",               # SQL injection, classic
    "ดุลพินิจ'); DELETE FROM pages; --",
    "1 UNION SELECT record FROM documents --",
    "ดุลพินิจ\x00มาตรการ",                        # a NUL byte
    "ดุลพินิจ\tมาตรการ\nการ",                      # whitespace folded
    "%_%' ESCAPE '\\",                             # LIKE wildcards
]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("q") / "corpus.db"
    with Corpus(db, create=True) as corpus:
        for sample in SAMPLES:
            corpus.add_record(convert(sample), sample.name)
    return db


def counts(db: Path) -> tuple:
    with sqlite3.connect(db) as conn:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("documents", "measures", "pages", "pages_fts", "failures"))


def search(db: Path, query: str) -> subprocess.CompletedProcess:
    """`thaireports search`; argv cannot carry a NUL byte, so it is dropped here."""
    return subprocess.run([BIN / "thaireports", "search", query.replace("\x00", ""), "--db", db,
                           "--format", "json"], env=ENV, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_search_is_text_and_changes_nothing(corpus_db: Path, query: str) -> None:
    before = counts(corpus_db)
    with Corpus(corpus_db) as corpus:
        hits = corpus.search(query)  # the library: the NUL byte too
    assert list(hits.columns)  # a frame, maybe empty: never an FTS syntax error
    done = search(corpus_db, query)  # the command line
    assert done.returncode == 0, done.stderr
    assert isinstance(json.loads(done.stdout or "[]"), list)
    assert counts(corpus_db) == before


def test_a_phrase_with_operator_words_matches_only_literally(corpus_db: Path) -> None:
    with Corpus(corpus_db) as corpus:
        assert len(corpus.search("ดุลพินิจ")) > 0
        # As FTS5 syntax this would match every page with either word; as text, none has it.
        assert corpus.search("ดุลพินิจ OR มาตรการ").empty


def test_very_long_input_is_refused_with_a_message(corpus_db: Path) -> None:
    query = "มาตรการ" * 1000
    done = search(corpus_db, query)
    assert done.returncode == 2
    assert f"the limit is {MAX_QUERY_CHARS}" in done.stderr and "Traceback" not in done.stderr
    with Corpus(corpus_db) as corpus:  # just under the limit: searched, as text
        assert corpus.search(("มาตรการ " * 200)[:MAX_QUERY_CHARS]).empty


@pytest.mark.parametrize("option", ["--province", "--agency-type", "--category", "--unit"])
def test_hostile_filters_are_values_not_sql(corpus_db: Path, option: str) -> None:
    """An open filter (a province) takes any text as a value; a closed vocabulary refuses what
    is not one of its values before any query runs. Neither reaches SQL as syntax."""
    before = counts(corpus_db)
    done = subprocess.run([BIN / "thaireports", "query", "--db", corpus_db, option,
                           "x' OR '1'='1", "--format", "json"], env=ENV, capture_output=True,
                          text=True, timeout=60)
    if option == "--province":
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == []  # no row has that value: nothing leaks through
    else:
        assert done.returncode == 2 and "invalid choice" in done.stderr, done.stderr
        assert done.stdout == ""
    # The library has no choices to hide behind: there the string must be taken as a value.
    with Corpus(corpus_db) as corpus:
        assert corpus.measures(**{option[2:].replace("-", "_"): "x' OR '1'='1"}).empty
    assert counts(corpus_db) == before
