# thaireports: `make demo` installs everything and runs the main job on the bundled samples;
# `make test` installs what is missing and runs the whole test suite. Both are idempotent.
SHELL := /bin/bash
VENV   ?= .venv
PY     := $(VENV)/bin/python
CLI    := $(VENV)/bin/thaireports
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := tesseract-ocr tesseract-ocr-tha fonts-tlwg-laksaman fonts-thai-tlwg
OUT    ?= out

.PHONY: demo test system venv bench clean

# System packages: Tesseract with its Thai model, and the Thai fonts the tests render with.
system:
	@if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx tha \
	    && fc-list 2>/dev/null | grep -qi laksaman; then :; else \
	  echo "installing system packages: $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $(APT_PACKAGES); fi

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
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
	$(CLI) search 'ดุลพินิจ' --db $(OUT)/corpus.db --limit 5
	$(CLI) compare --by category --db $(OUT)/corpus.db

test: system venv
	$(PY) -m pytest -q

clean:
	rm -rf $(OUT) .pytest_cache
