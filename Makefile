# The README's two commands: `make demo` and `make test`. Each installs what it needs first.
PYTHON ?= python3
VENV ?= .venv
STAMP := $(VENV)/.installed

.PHONY: demo test install clean

# setuptools is upgraded too: the copy venv bundles (65.5) is years old, and tools/dependency_audit.py
# can vouch only for latest releases
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip setuptools
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/firpath demo

# the layers first (import-linter, contracts in pyproject.toml): an import pointing up fails in seconds
test: $(STAMP)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/python -m pytest

clean:
	rm -rf $(VENV) .firpath .pytest_cache
