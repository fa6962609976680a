# Everything the project needs, from a machine with Python 3.11+, make, git and apt.
export NO_MKDOCS_2_WARNING := 1
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test lint check bench serve clean browser

# Reproducible builds: the build date MkDocs writes (sitemap.xml.gz, pages without
# a date of their own) is SOURCE_DATE_EPOCH, by default the newest brief's date; when the
# briefs have errors, `briefs epoch` prints them and the build does not start.
site: $(STAMP)  ## set up and build the site into site/ (the plugin checks every brief first)
	epoch=$${SOURCE_DATE_EPOCH:-$$($(BIN)/briefs epoch briefs)} && SOURCE_DATE_EPOCH=$$epoch $(BIN)/mkdocs build --strict

test: $(STAMP) browser lint  ## set up, lint, type-check and run the whole test suite
	$(BIN)/python -m pytest -n auto --dist loadscope --no-loadscope-reorder

lint: $(STAMP)  ## ruff (lint and import order) and mypy, as configured in pyproject.toml
	$(BIN)/ruff check plugins tests bench
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/briefs check briefs

serve: $(STAMP)
	$(BIN)/mkdocs serve

bench: $(STAMP) browser  ## print the benchmark figures (takes several minutes)
	$(BIN)/python bench/check_bench.py
	$(BIN)/python bench/site_bench.py 100 1000 5000
	$(BIN)/python bench/site_bench.py --serve 1000
	$(BIN)/python bench/site_bench.py --scale 1000 10000 20000
	$(BIN)/python bench/search_bench.py 1000 10000
	$(BIN)/python bench/failure_bench.py
	$(BIN)/python bench/candidates_bench.py
	$(BIN)/python bench/capture_bench.py
	$(BIN)/python bench/reader_bench.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian's Chromium, as its headless shell (and Java for the HTML checker), for the browser tests
# and benchmarks; never a downloaded browser.
browser:
	@if ! command -v chromium-headless-shell >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell default-jre-headless >/dev/null; \
	fi

clean:
	rm -rf site $(VENV) test-output
