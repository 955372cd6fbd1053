# partybloc: common tasks. Every target first runs scripts/setup.sh (idempotent, quick when
# nothing changed), so a fresh clone needs nothing but `make run` or `make test`.
PYTHON := .venv/bin/python
PYTEST := .venv/bin/pytest

.PHONY: setup run test walk lint benchmark

setup:
	@bash scripts/setup.sh

run: setup
	$(PYTHON) manage.py migrate --noinput
	$(PYTHON) manage.py seed_demo --if-empty
	$(PYTHON) manage.py runserver 127.0.0.1:8000

# The whole suite twice: on SQLite, then on PostgreSQL (a reachable server, or a throwaway
# cluster started by scripts/with_postgres.py). Both runs always happen; the target fails if
# either failed. --create-db on PostgreSQL: a server that outlives the run (as on the project's
# machines) must not keep a test database built from older migrations. The suite includes the
# walk of every URL x role x method and the English scan (tests/test_every_url.py, marker
# `walker`): about 8 minutes of each run on two cores. --dist loadgroup: the English scan of a
# page runs on the worker that walked it, and reuses the page (other tests are spread as usual).
test: setup
	@rm -rf test-results
	@status=0; \
	echo "== pytest on SQLite"; \
	$(PYTEST) -n auto --dist loadgroup --junitxml=test-results/sqlite.xml || status=$$?; \
	echo "== pytest on PostgreSQL"; \
	$(PYTHON) scripts/with_postgres.py -- \
		$(PYTEST) -n auto --dist loadgroup --create-db --junitxml=test-results/postgresql.xml || status=$$?; \
	exit $$status

# Only the walk (tests/test_every_url.py), on SQLite: after adding a URL or a form. The rest of
# the suite without it: `.venv/bin/pytest -m "not walker"`.
walk: setup
	$(PYTEST) -n auto --dist loadgroup -m walker tests/test_every_url.py

lint: setup
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

benchmark: setup
	$(PYTHON) manage.py benchmark
