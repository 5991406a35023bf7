# thaireports: `make demo` installs everything and runs the main job on the bundled samples;
# `make test` installs what is missing and runs the whole test suite; `make bench` measures.
# All are idempotent.
SHELL := /bin/bash
VENV   ?= .venv
PY     := $(VENV)/bin/python
CLI    := $(VENV)/bin/thaireports
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := tesseract-ocr tesseract-ocr-tha fonts-tlwg-laksaman fonts-thai-tlwg \
		libreoffice-writer-nogui libreoffice-calc-nogui chromium
OUT    ?= out

.PHONY: demo test system venv bench eval stress clean docs

# System packages: Tesseract with its Thai model, the Thai fonts the tests render with, and
# LibreOffice (headless, no GUI) for .doc/.xls/.rtf/.odt/.ods inputs, and Chromium, in which
# the report test opens `thaireports report` headless.
system:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx tha \
	    && fc-list 2>/dev/null | grep -qi laksaman && command -v soffice >/dev/null \
	    && command -v chromium >/dev/null; then :; else \
	  echo "installing system packages: $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $(APT_PACKAGES); fi

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'  # test pulls in [all]: corpus, cluster, entities
	@touch $@

venv: $(VENV)/.installed

demo: system venv
	@mkdir -p $(OUT)
	@for f in corpora/samples/*.txt; do \
	  stem=$$(basename $$f .txt); \
	  $(CLI) convert $$f -o $(OUT)/$$stem.json --pretty || exit 1; \
	  echo "wrote $(OUT)/$$stem.json"; done
	$(PY) tests/score.py tests/expected $(OUT) --quiet
	@# The corpus: import the samples (a re-run skips them), then one search and one comparison.
	$(CLI) import corpora/samples --db $(OUT)/corpus.db
	@# ... and sample 000 as a degraded scan (image-only PDF + a JPEG page), made with fixed
	@# seeds so a re-run writes the same bytes and the import skips them by sha256.
	PYTHAINLP_OFFLINE=1 $(PY) -m tests.fixtures.make_demo_scans $(OUT)/scans
	$(CLI) import $(OUT)/scans --db $(OUT)/corpus.db
	$(CLI) search 'ดุลพินิจ' --db $(OUT)/corpus.db --limit 5
	@# The scan and the JPEG page are the text file's document: listed as its files, counted once.
	$(CLI) duplicates --db $(OUT)/corpus.db
	$(CLI) compare --by category --db $(OUT)/corpus.db
	$(CLI) report --db $(OUT)/corpus.db -o $(OUT)/report --force

test: system venv
	$(PY) -m pytest -q

# The long crash loop (issue 7): an import killed with SIGKILL at random points 20 times over,
# then rerun to the end; `make test` runs the same test with 3 kills.
stress: system venv
	THAIREPORTS_STRESS_KILLS=20 $(PY) -m pytest -q -s tests/test_reliability_crash.py

# Benchmarks (issue 6): ours beside bare Tesseract, ocrmypdf and pdfplumber; rewrites
# BENCHMARKS.md in under 10 minutes on 2 cores. Inputs are made in bench/.cache (not committed).
bench: system venv
	@command -v ocrmypdf >/dev/null || { echo "installing ocrmypdf (the benchmark's comparison)"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q ocrmypdf; }
	$(PY) bench/run.py

# Extraction on the development renders of ../shared/dev (issue 10): kind x field F1 -> EVAL.md.
eval: system venv
	PYTHAINLP_OFFLINE=1 $(PY) bench/dev_eval.py

clean:
	rm -rf $(OUT) .pytest_cache

# The warning-code lists in README.md and docs/record-spec.md, rewritten from the one table
# (normalize/warning_codes.py); tests/test_cli_warning_codes.py fails while they differ.
docs: venv
	$(PY) -c 'from thaireports.normalize.warning_codes import sync_docs; [print("wrote", p) for p in sync_docs()]'
