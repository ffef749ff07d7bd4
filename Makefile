# studyguide — `make run` serves the app, `make test` runs the tests. Both set themselves up.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(PY) -m flask --app studyguide
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
QUEUE_WORKERS ?= 1
PYTEST_ARGS ?=
# Test processes (pytest-xdist), one per core of the CI machine; a module stays on one worker.
TEST_WORKERS ?= 2

.PHONY: run test setup setup-dev db courses lint typecheck bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch $@

setup: $(VENV)/.installed-run
setup-dev: $(VENV)/.installed-dev node_modules/.installed

db: setup
	$(FLASK) db upgrade

courses: db
	$(FLASK) load-courses

run: courses
	@echo ""
	@echo "  studyguide is running at http://$(HOST):$(PORT)/"
	@echo "  First: open it, choose 'Sign up' to create a student account, then open Lessons."
	@echo "  Instructors: $(FLASK) create-instructor you@example.org, then open /teach"
	@echo "  Ctrl-C stops the web server and the import worker."
	@echo ""
	@# The task-queue consumer runs beside gunicorn; either one stopping stops the other.
	@$(VENV)/bin/huey_consumer studyguide.jobs.huey -w $(QUEUE_WORKERS) -k thread & \
	consumer=$$!; trap 'kill $$consumer 2>/dev/null; wait $$consumer' EXIT INT TERM; \
	$(PY) -m gunicorn --no-control-socket --workers $(WORKERS) --bind $(HOST):$(PORT) \
		--access-logfile - 'studyguide:create_app()'

test: setup-dev
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: setup-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy studyguide/generator studyguide/services studyguide/coursepack studyguide/questiontypes
	$(PY) -m bandit -r studyguide -q

bench: setup-dev
	$(PY) benchmarks/generate_speed.py
	$(PY) benchmarks/throughput.py --quick
	$(PY) benchmarks/load_quiz.py
	$(PY) benchmarks/crash.py
	$(PY) benchmarks/burst.py

clean:
	rm -rf $(VENV) node_modules tests/artifacts dist
