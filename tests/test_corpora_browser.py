"""Researchers' views in a real browser (issue 12): Datasette started here on 127.0.0.1 with the
metadata `thaireports export --format datasette` writes, pages loaded by headless Chromium (the
Debian package the Makefile's system step installs), and assertions on what the rendered page
shows: the title and description, canned queries that answer with every form field left blank,
Thai labels beside the codes (sao = อบต.), no sha256 or record JSON in the document list, and
search snippets. A screenshot of each page is kept under tests/artifacts/ (git-ignored)."""
from __future__ import annotations

import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from thaireports.corpora.cli import main
from thaireports.corpora.store import Corpus
from tests.test_corpora_duplicates import KOMBANG, file_of
from tests.test_corpora_store import RECORDS

BIN = Path(sys.executable).parent
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The corpus of the three samples plus a scan of sample 000, served by Datasette."""
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "corpus.db"
    scan = file_of(KOMBANG, "คมบาง.scan.pdf", media_type="application/pdf", text_source="ocr")
    with Corpus(db, create=True) as corpus:
        for record in [*RECORDS, scan]:
            corpus.add_record(record, f"archive/{record.source.file}", "test-1")
    metadata = folder / "metadata.json"
    assert main(["export", "--db", str(db), "--format", "datasette", "-o", str(metadata)]) == 0
    port = free_port()
    proc = subprocess.Popen([BIN / "datasette", "serve", db, "-m", metadata, "--host",
                             "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError(f"datasette did not start: {proc.stderr.read()[-2000:]}")
            time.sleep(0.3)
    try:
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)


def browse(url: str, shot: str) -> str:
    """The page's DOM after Chromium rendered it, as visible text; a screenshot beside."""
    assert CHROMIUM, "chromium is not installed: make system (apt-get install chromium)"
    ARTIFACTS.mkdir(exist_ok=True)
    common = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--no-first-run", "--hide-scrollbars", "--window-size=1400,1800",
              f"--user-data-dir={ARTIFACTS / '.chromium-profile'}"]
    dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, text=True,
                         timeout=120)
    assert dom.returncode == 0 and "<html" in dom.stdout, dom.stderr[-1000:]
    shot_path = ARTIFACTS / f"{shot}.png"
    subprocess.run([*common, f"--screenshot={shot_path}", url], capture_output=True,
                   timeout=120)
    assert shot_path.is_file() and shot_path.stat().st_size > 10_000
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", dom.stdout, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(text.split())


def test_home_page_has_a_title_and_description(server: str) -> None:
    page = browse(server + "/", "home")
    assert "thaireports: ITA corpus" in page
    assert "sao = อบต." in page


# Canned queries submitted with every field blank, as the form does: rows, not 0.
@pytest.mark.parametrize("query, fields, expected", [
    ("query_measures", ("province", "agency_type", "fiscal_year", "category", "agency", "unit"),
     ["มาตรการตรวจสอบการใช้ดุลพินิจ", "อบต.", "การเปิดเผยข้อมูล"]),
    ("query_documents", ("province", "agency_type", "fiscal_year"),
     ["องค์การบริหารส่วนตำบลคมบาง", "องค์การบริหารส่วนตำบลบึงนคร"]),
    ("query_compare_category", ("fiscal_year",), ["องค์การบริหารส่วนตำบลเหล"]),
])
def test_canned_queries_answer_with_blank_fields(server: str, query: str, fields: tuple,
                                                 expected: list[str]) -> None:
    url = f"{server}/corpus/{query}?" + urllib.parse.urlencode({f: "" for f in fields})
    page = browse(url, query)
    for words in expected:
        assert words in page, words
    assert "0 rows" not in page
    if query == "query_measures":  # คมบาง's six measures once, though it has two files
        rows = re.search(r"(\d+) rows", page)
        assert rows and int(rows.group(1)) == sum(len(r.measures) for r in RECORDS)


def test_document_list_shows_thai_labels_and_no_hashes(server: str) -> None:
    page = browse(server + "/corpus/document_list", "document_list")
    assert "อบต." in page and "ประเภท" in page
    assert "3 rows" in page  # three documents, four files
    assert KOMBANG.source.sha256 not in page and '"schema": "ita-record/1"' not in page
    assert "sha256" not in page.split("3 rows", 1)[1]


def test_database_page_lists_the_views_and_hides_the_machinery(server: str) -> None:
    page = browse(server + "/corpus", "database")
    assert "document_list" in page and "measure_list" in page
    assert "document_bands" not in page.split("hidden", 1)[0]


def test_page_search_shows_snippets(server: str) -> None:
    url = f"{server}/corpus/query_search?" + urllib.parse.urlencode(
        {"query": "ดุลพินิจ", "limit": ""})
    page = browse(url, "search")
    assert "[ดุลพินิจ]" in page  # the hit, highlighted in its snippet
    assert "องค์การบริหารส่วนตำบลคมบาง" in page
