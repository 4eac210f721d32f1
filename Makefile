# yibao — developer entry points.  `make help` lists them.
#
# Everything runs from the project's own virtualenv `.venv/` (created by `make install`).
# `make lab` / `make app` start their servers through `python -m yibao.serve.servers`, where every
# server flag is written (and explained) once; the browser tests build their servers from it too.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.yibao-installed
# npm ci ran (only when the lock changed); the explainers' bundles were built
NPM_STAMP := node_modules/.package-lock.json
BUNDLE_STAMP := yibao/widgets/static/.built
BOOT_PY   := $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)

# Empty: the defaults of yibao.serve.servers.
LAB_PORT  ?=
APP_PORT  ?=
LAB_ARGS  ?=
APP_ARGS  ?=
PYTEST_ARGS ?=

# What the tests need in their environment.
export MPLBACKEND := Agg
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: data-checks help install system-deps git-filter js watch test-js lab app test test-unit bench screenshots site clean

help:
	@echo "make install   system packages (chromium, node + npm, CJK fonts; needs root), npm ci, .venv with yibao[test], the JS bundle"
	@echo "make js        bundle the explainers' ES modules (yibao/widgets/js -> yibao/widgets/static, esbuild)"
	@echo "make watch     bundle again on every edit (with ANYWIDGET_HMR=1 make lab, an open notebook reloads)"
	@echo "make lab       JupyterLab on 127.0.0.1 opening notebooks/00_start_here.ipynb (LAB_PORT=, LAB_ARGS= to change)"
	@echo "make app       the notebooks as a Voila app on 127.0.0.1 (APP_PORT=, APP_ARGS= to change)"
	@echo "make test      every check: types, import layers, the data checks, the unit tier, then the browser tier (JupyterLab + Voila in Chromium); PYTEST_ARGS=..."
	@echo "make data-checks  the data alone: every table valid, the health report, the per-row checks of the answers"
	@echo "make test-unit the unit tier alone: package, widgets, notebooks run once, no server, no browser"
	@echo "make test-js   the JavaScript alone: tsc --checkJs (JSDoc types) and node --test tests/js"
	@echo "make bench     benchmarks -> benchmarks/results.md and .json, and the table in README.md"
	@echo "make screenshots  refresh docs/screenshots (README) from the browser tests"
	@echo "make site      the static site -> site/ (notebooks run and exported; publish the folder on any static host)"
	@echo "make clean     remove .venv, caches, test artifacts and benchmark results"

install: system-deps $(NPM_STAMP) $(STAMP) $(BUNDLE_STAMP) git-filter

# Notebooks stay clean in git: nbstripout is git's clean filter for *.ipynb (.gitattributes). It
# removes outputs, execution counts, widget state and what Lab and the kernel add on opening
# (language_info), keeping cell ids; the working copy keeps everything (CONTRIBUTING.md). The
# command is relative to the checkout (git runs filters at its top level), so every worktree uses
# its own .venv. tests/test_notebooks_clean.py checks the committed notebooks with this command.
NBSTRIPOUT := $(PY) -m nbstripout --keep-id --extra-keys metadata.language_info

git-filter: $(STAMP)
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git config filter.nbstripout.clean '$(NBSTRIPOUT)'; \
		git config filter.nbstripout.smudge 'cat'; \
		git config filter.nbstripout.required 'true'; \
		git config diff.ipynb.textconv '$(NBSTRIPOUT) --textconv'; \
	fi

# Debian packages: checked on every run (fast), `apt-get update` only when one is missing.
system-deps:
	@missing=""; \
	chromium="$$(command -v chromium 2>/dev/null || true)"; \
	if [ -z "$$chromium" ] || [ ! -x "$$chromium" ]; then missing="$$missing chromium"; fi; \
	if ! command -v node >/dev/null 2>&1; then missing="$$missing nodejs"; fi; \
	if ! command -v npm >/dev/null 2>&1; then missing="$$missing npm"; fi; \
	if ! dpkg-query -W -f='$${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed"; then missing="$$missing fonts-noto-cjk"; fi; \
	if [ -n "$(BOOT_PY)" ] && ! $(BOOT_PY) -c "import ensurepip, venv" >/dev/null 2>&1; then missing="$$missing python3-venv"; fi; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "install: no apt-get here; please install:$$missing (browser tests are skipped without chromium)"; \
	elif [ "$$(id -u)" != 0 ]; then \
		echo "install: not root, skipping 'apt-get install$$missing' (browser tests are skipped without chromium; under CI=true they fail)"; \
	else \
		echo "install: apt-get install$$missing"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -q && apt-get install -y -q $$missing; \
	fi; \
	if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then \
		echo "install: node and npm are required (the explainers' JavaScript is bundled and tested with them): install Debian's nodejs and npm"; \
		exit 1; \
	fi

# npm packages pinned by package-lock.json (esbuild, typescript, the static site's front end):
# npm ci only when the lock changed.

$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# The explainers' bundles, rebuilt when a module changed (importing yibao also rebuilds stale ones).

$(BUNDLE_STAMP): $(wildcard yibao/widgets/js/*.js yibao/widgets/js/site/*.js) $(NPM_STAMP) | $(STAMP)
	$(PY) yibao/widgets/bundle.py
	@touch $@

js: $(NPM_STAMP) | $(STAMP)
	$(PY) yibao/widgets/bundle.py
	@touch $(BUNDLE_STAMP)

watch: $(NPM_STAMP) | $(STAMP)
	$(PY) yibao/widgets/bundle.py --watch

# The JavaScript's own checks: types (tsconfig.json: JSDoc, --checkJs) and unit tests (node --test).
test-js: $(NPM_STAMP)
	node_modules/.bin/tsc -p tsconfig.json
	node --test tests/js/

$(PY):
	@test -n "$(BOOT_PY)" || { echo "install: need python3.11 (or python3)"; exit 1; }
	$(BOOT_PY) -m venv $(VENV)

# Re-run pip only when pyproject.toml changed (or .venv was recreated).
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --progress-bar off -q -e '.[test]'
	@touch $@

lab: install
	$(PY) -m yibao.serve.servers lab $(if $(LAB_PORT),--port $(LAB_PORT)) $(LAB_ARGS)

app: install
	$(PY) -m yibao.serve.servers app $(if $(APP_PORT),--port $(APP_PORT)) $(APP_ARGS)

# $(call tier,NAME,MARKER[,OPTIONS]): run one tier of the tests and print its wall time, pass or fail.
# A tier that selects no test fails (pytest exits 5), unless PYTEST_ARGS narrowed the run.
# Compiled modules are cached (__pycache__, git ignores it) even where PYTHONDONTWRITEBYTECODE is set:
# pytest rewrites every test module's asserts on each run without it, 2 s of CPU in each worker.
define tier
	@echo "== $(1) tier: pytest -m \"$(2)\" $(3) $(PYTEST_ARGS)"
	@start=$$(date +%s%N); status=0; \
	PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -m "$(2)" $(3) $(PYTEST_ARGS) || status=$$?; \
	tenths=$$(( ($$(date +%s%N) - start) / 100000000 )); \
	echo "== $(1) tier: $$((tenths / 10)).$$((tenths % 10)) s wall time (exit $$status)"; \
	if [ $$status = 5 ] && [ -n "$(PYTEST_ARGS)" ]; then status=0; fi; \
	exit $$status
endef

# The unit tier on two workers (pytest-xdist), a test file per worker at a time (module fixtures
# are built once), in collection order (--no-loadscope-reorder): the notebooks first, the checks
# that read them last, so a worker waiting for a notebook never waits for one not yet started.
# nbval runs each notebook once, a test per cell, in the project's environment, and the notebook
# checks read that run (README: "How the tests check notebooks").
UNIT_OPTIONS := -n 2 --dist loadfile --no-loadscope-reorder --nbval-lax --nbval-current-env --nbval-cell-timeout 180

test: install test-js
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(MAKE) --no-print-directory data-checks
	$(call tier,unit,not browser,$(UNIT_OPTIONS))
	$(call tier,browser,browser)

# The data checks, apart from the tests: every table valid, the health report (lapsed rules and
# stale base limits fail), and the per-row checks of the answers.
data-checks: install
	@echo "== data checks: python -m yibao.validate --report"
	$(PY) -m yibao.validate --report

test-unit: install test-js
	$(PY) -m mypy
	$(VENV)/bin/lint-imports
	$(call tier,unit,not browser,$(UNIT_OPTIONS))

# Also rewrites the performance table in README.md (between <!-- bench:start/end -->).
bench: install
	$(PY) -m benchmarks --readme README.md

# Refresh the README's screenshots from the browser tests' journeys.
screenshots: install
	YIBAO_UPDATE_SCREENSHOTS=1 $(PY) -m pytest tests/browser/test_notebooks.py tests/browser/test_phone.py \
		-k "jupyterlab and 02_channels or voila and (01_accounts or 03_withdrawal or 06_year_of_care) or phone and 00_start_here"

site: install
	$(PY) -m yibao.serve.site --out site

clean:
	rm -rf $(VENV) site node_modules yibao/widgets/static .pytest_cache .hypothesis tests/artifacts benchmarks/results.md benchmarks/results.json
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
	find . -name .ipynb_checkpoints -type d -prune -not -path './.git/*' -exec rm -rf {} +
