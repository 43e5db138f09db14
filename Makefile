# eventwire: `make demo` and `make test` are the two set-up commands (see README).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: venv demo test eval bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# install pinned dependencies, then the package itself (editable, no network beyond the registry)
$(STAMP): $(BIN)/python constraints.txt pyproject.toml
	$(BIN)/pip install --disable-pip-version-check -q -c constraints.txt -e '.[test]'
	$(BIN)/python -c "from eventwire.where.gazetteer import build_index; build_index()"
	touch $(STAMP)

venv: $(STAMP)

demo: venv
	rm -f eventwire.duckdb
	$(BIN)/eventwire demo --db eventwire.duckdb examples

test: venv
	$(BIN)/python -m pytest -p no:cacheprovider tests; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$rc

eval: venv
	$(BIN)/eventwire eval --gold $(SHARED)/gold/plover_gsr.jsonl --actors eval/actors.jsonl \
		--dates eval/dates.jsonl --locations eval/locations.jsonl --examples examples/expected.jsonl \
		--clusters tests/data/cluster/truth.jsonl

bench: venv
	$(BIN)/python -m eventwire.bench

clean:
	rm -rf $(VENV) *.egg-info eventwire.duckdb
