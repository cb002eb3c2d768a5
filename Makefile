# Two commands: `make run` (the app on its embedded default) and `make test` (every test).
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	frontend/index.html frontend/vite.config.ts frontend/package.json frontend/package-lock.json

.PHONY: setup run test test-fast lint docs bench frontend types clean

setup: $(VENV)/.installed frontend/dist/index.html

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

# `npm install` honours the lock file; `npm ci` would refuse it, because the lock cannot list
# the platform binaries a registry does not carry (rollup's optional per-OS packages).
frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm install --no-audit --no-fund
	touch $@

# Pre-compressed copies (.gz) sit beside each file; WhiteNoise serves them to phones.
# The API types come from the OpenAPI schema first (committed, so a fresh build changes
# no tracked file; tests/test_generated_types.py fails when they drift).
frontend/dist/index.html: $(VENV)/.installed frontend/node_modules/.installed $(FRONTEND_SOURCES)
	sh scripts/api-types.sh
	cd frontend && npm run build
	$(PY) -m whitenoise.compress frontend/dist

frontend: frontend/dist/index.html

# The server's Dutch (locale/nl): gather the apps' messages into the .po, translate what is
# new there, then run this again to compile the .mo (committed, so setup changes nothing).
# tests/i18n/test_messages.py fails while a message is untranslated or the .mo is stale.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l nl --no-location --no-obsolete -i ".venv/*" -i "frontend/*" \
		-i "tests/*" -i "bench/*" -i "staticfiles/*" -i "docs/*" -i "scripts/*"
	$(PY) manage.py compilemessages -l nl -i .venv -i frontend

types: $(VENV)/.installed frontend/node_modules/.installed
	sh scripts/api-types.sh

# `make run HOST=0.0.0.0` serves on every interface, to try the app from a phone on the
# same network (the development server then accepts any host name; see the README).
HOST ?= 127.0.0.1
PORT ?= 8000
LOOPBACK := 127.0.0.1 localhost ::1

run: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_protocols
	$(PY) manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT) (API docs: /api/docs/, admin: /admin/)"
	@$(if $(filter-out $(LOOPBACK),$(HOST)),echo "From a phone on this network: http://$$(hostname -I 2>/dev/null | cut -d' ' -f1):$(PORT)")
	$(if $(filter-out $(LOOPBACK),$(HOST)),DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-*}") $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports  # the import contracts in pyproject.toml

test: setup lint
	bash scripts/install-test-deps.sh
	bash scripts/with-services.sh $(VENV)/bin/pytest $(PYTEST_ARGS)

# The quick loop while working: no browser, worker-process or slow tests
# (markers set in tests/conftest.py), on a test database built from the models without
# running the migrations. `make test` runs everything.
FAST := -m "not browser and not worker and not slow" --nomigrations
test-fast: setup
	bash scripts/install-test-deps.sh
	bash scripts/with-services.sh $(VENV)/bin/pytest $(FAST) $(PYTEST_ARGS)

# The clinical rules in docs/protocols, written from the protocol definition files
# (tests/protocols/test_docs.py fails when the committed pages differ from them).
docs: $(VENV)/.installed
	$(PY) manage.py write_protocol_docs

# `make bench` runs every benchmark; `make bench BENCH=caseload` runs one (see bench/__main__.py).
bench: setup
	bash scripts/install-test-deps.sh
	bash scripts/install-bench-deps.sh
	bash scripts/with-services.sh $(PY) -m bench $(BENCH)

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist staticfiles
