# Terve Kunta membership administration. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APPS := members applications meetings workspace
LANGS := -l fi -l sv -l en
# Development defaults; production sets its own environment and does not use make.
export DEBUG ?= true
PORT ?= 8000
# pytest-xdist workers: one per core of the two-core development and CI machines; each worker
# has its own test database. `make test WORKERS=auto` uses every core of a larger machine.
WORKERS ?= 2
# The operations tests carry the xdist_group "operations" and so run one after another on one
# worker. pytest's exit status 5 (no test selected, e.g. by PYTEST_ARGS) is not a failure.
PYTEST = $(BIN)/pytest -n $(WORKERS) --dist loadgroup $(1) $(PYTEST_ARGS) || { status=$$?; [ $$status -eq 5 ] || exit $$status; }

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# A development checkout gets a .env with DEBUG on, so that manage.py works without make too.
# Production sets its own environment (or .env) and never runs make.
.env:
	printf '# Development settings made by make; see .env.example for every variable.\nDEBUG=true\n' > $@

# WeasyPrint, which renders the decision letters and memos as PDF, needs Pango and a font from
# Debian. As root the missing ones are installed; anyone else is told the command to run.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

.PHONY: system
system: ## Check for the Debian packages the PDF letters need (as root: install the missing ones)
	@if ! command -v dpkg-query >/dev/null; then \
	  echo "Not a Debian system: install Pango (>= 1.44) and the DejaVu fonts with the system's package manager."; exit 0; fi; \
	missing=$$(for package in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'ok installed' || echo $$package; done); \
	missing=$$(echo $$missing); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing the Debian packages $$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "The PDF letters need Debian packages that are missing. Install them, then run make again:" >&2; \
	  echo "  sudo apt-get install $$missing" >&2; exit 1; \
	fi

$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

.PHONY: install
install: system $(BIN)/.installed .env ## Check the Debian packages; create .venv and .env and install the pinned dependencies

.PHONY: migrate
migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --no-input

.PHONY: data
data: migrate ## Load the register, the members, the hostings, demo people and events, and the demo login
	$(BIN)/python manage.py load_register
	$(BIN)/python manage.py load_network
	$(BIN)/python manage.py load_hostings
	$(BIN)/python manage.py load_demo_events
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/python manage.py load_demo

.PHONY: run
run: data ## Set everything up; serve on http://127.0.0.1:8000 (or PORT=) with the mail worker and the scheduler
	@echo "Web server, mail worker and scheduler on http://127.0.0.1:$(PORT)/ ; Ctrl-C stops all three."
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(BIN)/honcho start --no-colour -f Procfile.dev -p $(PORT)

.PHONY: test
test: install ## Run the whole test suite in parallel (browser journeys too when Chromium is installed)
	@if [ -x /usr/bin/chromium ]; then echo "Browser tests: running in /usr/bin/chromium."; \
	else echo "Browser tests: SKIPPED, /usr/bin/chromium not found (apt-get install chromium)."; fi
	$(call PYTEST)

.PHONY: test-fast
test-fast: install ## Run the suite without the browser journeys and the operations tests
	$(call PYTEST,-m 'not e2e and not operations')

.PHONY: bench
bench: install ## Measure every public page against a trivial view with wrk (PostgreSQL on 127.0.0.1)
	$(BIN)/python bench/pages.py $(BENCH_ARGS)

.PHONY: lint
lint: install ## Check code style and migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

.PHONY: format
format: install ## Reformat the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: messages
messages: install ## Update the fi/sv/en message catalogues and compile them (needs GNU gettext)
	$(BIN)/python manage.py makemessages $(LANGS) --no-obsolete $(foreach app,$(APPS),--ignore '$(app)/*') --ignore '$(VENV)/*' --ignore 'tests/*' --ignore 'bench/*'
	for app in $(APPS); do (cd $$app && mkdir -p locale && ../$(BIN)/python ../manage.py makemessages $(LANGS) --no-obsolete); done
	$(BIN)/python manage.py compilemessages --ignore '$(VENV)/*'

.PHONY: clean
clean: ## Remove the environment, the development database and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
