# `make study` and `make test` do all the set-up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: study test lint bench install clean catalog

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Reinstall only when the project's dependency files change.
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

study: $(STAMP)
	$(BIN)/quizapp study

test: lint
	$(BIN)/python -m pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check quizapp tests verifiers benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

# After changing interface messages: extract, merge into the Chinese catalog, compile.
catalog: $(STAMP)
	$(BIN)/pybabel -q extract -k _ -k N_ -k ngettext:1,2 -k later -k later_n:1,2 \
		--no-location --sort-output \
		--project quizapp -o quizapp/locale/quizapp.pot quizapp
	$(BIN)/pybabel -q update -D quizapp -i quizapp/locale/quizapp.pot -d quizapp/locale \
		-l zh --width 100 --ignore-obsolete
	$(BIN)/pybabel compile -D quizapp -d quizapp/locale -l zh

bench: $(STAMP)
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/answer_latency.py
	$(BIN)/python benchmarks/scale.py

clean:
	rm -rf $(VENV) build dist
