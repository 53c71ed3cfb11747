# msk-connect-iam: the two commands of README.md and the golden-tree regeneration.
#   make run     set up .venv, generate every example manifest into modules/ (see Golden layout), check them
#   make test    set up .venv with the test extras and run the whole test suite
#   make goldens regenerate modules/ from examples/ (review the diff, then commit)
#   make corpus  run the public evaluation corpus (tests/corpus/cases) and write its score into README.md
#   make bench   end-to-end benchmark of generate/check for 1-1,000 connectors (not part of make test)
# Golden layout: examples/<scenario>/connectors.yaml -> modules/<connector>/, and
# examples/environments/<env>/connectors.yaml -> modules/environments/<env>/<connector>/
# (one output folder per environment; tests/goldens.py follows the same rule).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
MANIFESTS = $(sort $(wildcard examples/*/connectors.yaml))
ENVIRONMENTS = $(sort $(notdir $(patsubst %/connectors.yaml,%,$(wildcard examples/environments/*/connectors.yaml))))
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
	@for m in $(MANIFESTS); do $(BIN)/msk-connect-iam generate $$m -o modules/ --root-module $$(dirname $$m) || exit 1; done
	@for e in $(ENVIRONMENTS); do \
	  $(BIN)/msk-connect-iam generate examples/environments/$$e/connectors.yaml -o modules/environments/$$e/ --root-module examples/environments/$$e || exit 1; done

run: goldens
	@for m in $(MANIFESTS); do $(BIN)/msk-connect-iam check $$m -o modules/ --root-module $$(dirname $$m) || exit 1; done
	@for e in $(ENVIRONMENTS); do \
	  $(BIN)/msk-connect-iam check examples/environments/$$e/connectors.yaml -o modules/environments/$$e/ --root-module examples/environments/$$e || exit 1; done

test: venv-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

corpus: venv
	$(BIN)/python tests/corpus_harness.py --update-readme $(CORPUS_ARGS)

bench: venv
	$(BIN)/python tests/benchmarks/bench.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist
