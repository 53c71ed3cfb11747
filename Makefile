# msk-connect-iam: the two commands of README.md and the golden-tree regeneration.
#   make run     set up .venv, generate every example manifest into modules/ (see Golden layout), check them
#   make test    set up .venv with the test extras, run ruff (pyproject [tool.ruff]), then the whole test suite
#   make goldens regenerate modules/ from examples/ (review the diff, then commit)
#   make corpus  run the public evaluation corpus (tests/corpus/cases) and write its score into README.md
#   make bench   end-to-end benchmark of generate/check for 1-1,000 connectors (not part of make test)
# Golden layout (the one rule, in tests/goldens.py, which goldens and run execute):
# examples/<scenario>/connectors.yaml -> modules/<connector>/, and
# examples/environments/<env>/connectors.yaml -> modules/environments/<env>/<connector>/.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: run test goldens bench corpus venv venv-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

venv-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"

goldens: venv
	@cd $(CURDIR) && $(BIN)/python tests/goldens.py

run: goldens
	@cd $(CURDIR) && $(BIN)/python tests/goldens.py --check

test: venv-test
	$(BIN)/ruff check generator tests
	$(BIN)/python -m pytest $(PYTEST_ARGS)

corpus: venv
	$(BIN)/python tests/corpus_harness.py --update-readme $(CORPUS_ARGS)

bench: venv
	$(BIN)/python tests/benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist
