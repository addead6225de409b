# organigramme — every target installs what it needs into its own virtual environment.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV    ?= ../shared/corpus/dev
CHECK  ?= ../shared/corpus/check
NEG    ?= ../shared/corpus/neg
OUT    ?= outputs

ARTICLES ?= 2000
REPEAT ?= 3
RSS_ARTICLES ?= 0

.PHONY: install run report test eval check bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)  ## extract the bundled sample corpus into outputs/
	$(BIN)/organigramme extract corpus --out $(OUT)

report: $(STAMP)  ## the reviewers' HTML page from make run's outputs
	@test -f $(OUT)/articles.csv || $(MAKE) run
	$(BIN)/organigramme report $(OUT)

test: $(STAMP)  ## the whole test suite
	$(BIN)/python -m pytest -q

eval: $(STAMP)  ## dev-set P/R/F1 (skipped when ../shared is absent)
	@if [ -d "$(DEV)" ]; then $(BIN)/organigramme evaluate $(DEV) --out $(OUT)/eval; \
	else echo "no gold corpus at $(DEV): evaluation skipped"; fi

check: $(STAMP)  ## held-out P/R/F1 (aggregate only) and false alarms on articles without news
	@if [ -d "$(CHECK)" ]; then $(BIN)/organigramme evaluate $(CHECK) --out $(OUT)/check \
		$(if $(wildcard $(NEG)),--negatives $(NEG)); \
	else echo "no held-out corpus at $(CHECK): check skipped"; fi

bench: $(STAMP)  ## extract vs bare nlp.pipe: articles/s, tokens/s, peak RSS → docs/benchmark.md
	$(BIN)/python scripts/bench.py --articles $(ARTICLES) --repeat $(REPEAT) \
		--rss-articles $(RSS_ARTICLES) \
		--output docs/benchmark.md

clean:
	rm -rf $(VENV) $(OUT)/*.csv $(OUT)/*.json $(OUT)/eval
