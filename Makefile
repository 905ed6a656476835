# make run  — set up .venv, install the auditor and audit the sample reports in reports/
# make test — set up .venv, install the auditor with its test extras and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test install bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Dependencies are installed once per change of pyproject.toml; the package itself is
# reinstalled (non-editable, as users get it) on every run so tests see the current source.
$(VENV)/.deps: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet hatchling
	$(BIN)/python -m pip install --quiet ".[test]"
	touch $@

install: $(VENV)/.deps
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation --force-reinstall .

run: install
	$(BIN)/auditor check reports/ || test $$? -eq 1

test: install
	cd tests && ../$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info
