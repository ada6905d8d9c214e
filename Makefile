# storydesk — the two commands a newcomer needs: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export HF_HUB_OFFLINE := 1

.PHONY: setup demo test lint eval bench train clean-out

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,eval]"
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install storydesk with everything it needs

demo: setup  ## run the main job on the bundled example and write its reports
	$(BIN)/storydesk analyze examples/assad-moscow-2023 --out out/demo
	@echo "Reports: out/demo/report.html  out/demo/report.md  out/demo/report.json"

test: setup  ## the whole suite, quality gates included (gates skip when ../shared/data is absent)
	$(BIN)/lint-imports --no-cache  # layer contracts: no circles, no upward imports, eval outside the library
	$(BIN)/python -m pytest -q

lint: setup  ## ruff + mypy
	$(BIN)/ruff check src tests eval bench
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

eval: setup  ## only the quality gates, with their figures
	$(BIN)/python -m pytest -q -rA eval

train: setup  ## retrain the same-story model on ../shared/data (writes src/storydesk/stages/cluster/same_story.json)
	$(BIN)/python -m storydesk_eval.train_clustering --data ../shared/data

bench: setup  ## speed benchmarks (run by hand, ~20 min; they print figures)
	$(BIN)/python bench/bench_extraction.py
	$(BIN)/python bench/bench_embedding.py
	$(BIN)/python bench/bench_enrichment.py
	$(BIN)/python bench/bench_clustering_scale.py --index usearch
	$(BIN)/python bench/bench_pipeline.py --n 265

clean-out:
	rm -rf out
