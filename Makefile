# make run  — set up .venv, install the auditor and audit the sample reports in reports/
# make test — set up .venv, install the auditor with its test extras and run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: run test install browser bench clean

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

# Browser tests drive Debian's Chromium (Playwright's own browser download is not used);
# where it cannot be installed they are skipped with the reason.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y -q chromium fonts-wqy-microhei >/dev/null 2>&1 || \
	    { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium fonts-wqy-microhei >/dev/null 2>&1; } || \
	    echo "chromium could not be installed: browser tests will be skipped"; \
	  else echo "chromium not installed (needs root and apt-get): browser tests will be skipped"; fi; }

test: install browser
	cd tests && ../$(BIN)/python -m pytest

bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info
