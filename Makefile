# The two commands: `make demo` and `make test`. Both build .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
# The demo and the developer commands run with DEBUG on and the demo's local key.
MANAGE := DEBUG=1 $(PY) manage.py
# `make demo PORT=8001` serves the demo on another port; links in its emails follow (SITE_URL).
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: demo test venv messages lint format bench clean

venv: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

messages: venv
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0

demo: venv messages
	$(MANAGE) migrate --verbosity 0
	$(MANAGE) createcachetable
	$(MANAGE) seed_demo
	@echo "PEP is at http://127.0.0.1:$(PORT) (Ctrl-C stops it)."
	SITE_URL=$(SITE_URL) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: venv messages
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

# `make bench ONLY=registration_rush` runs only the scenarios named (see bench/run.py).
bench: venv
	$(PY) bench/run.py $(ONLY)

lint: venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) var .pytest_cache
