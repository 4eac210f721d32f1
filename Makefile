# yibao — developer entry points.  `make help` lists them.
#
# Everything runs from the project's own virtualenv `.venv/` (created by `make install`).
# Servers bind 127.0.0.1 only.
#
# TCP_NODELAY (yibao/nodelay.py): jupyter_server leaves Nagle's algorithm on for
# the kernel websocket; with the browser's delayed ACKs that adds ~40 ms to widget
# round trips when interacting quickly.  It is switched on
#   - for `make lab` as a Jupyter server extension (see LAB_EXTENSIONS);
#   - for `make app` through Voila's own trait
#     (--Voila.kernel_websocket_connection_class=yibao.nodelay.NoDelayZMQChannelsWebsocketConnection),
#     because standalone `voila` is not a jupyter_server app and loads no server
#     extensions.
#
# JupyterLab's own UI language (yibao/lab_language.py, a second server extension for
# `make lab`): Lab's "default" language setting follows the browser's Accept-Language,
# so a browser preferring Chinese gets the zh-CN language pack, others English.
# Settings > Language in Lab still overrides it.
#
# How the app is served: standalone `voila notebooks/` (not Voila-as-extension
# under `jupyter server` at /voila/render/...).  The standalone app exposes only the
# rendered notebooks: no Lab, no contents/terminals API, and its kernels accept only
# widget (comm) messages, never code from the browser; code cells are not shown.
# Landing page: the notebook list at http://127.0.0.1:$(APP_PORT)/ (--classic-tree: plain
# server-rendered links, no JavaScript file browser that polls APIs standalone Voila lacks); the story starts
# at /voila/render/00_start_here.ipynb, and the notebooks' relative links work.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
STAMP     := $(VENV)/.yibao-installed
BOOT_PY   := $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
APT_PKGS  := chromium fonts-noto-cjk

LAB_PORT  ?= 8888
APP_PORT  ?= 8866
LAB_ARGS  ?=
APP_ARGS  ?=
PYTEST_ARGS ?=

ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_EXTENSIONS := "--ServerApp.jpserver_extensions={'yibao.lab_language': True, 'yibao.nodelay': True}"
NODELAY_VOILA := --Voila.kernel_websocket_connection_class=yibao.nodelay.NoDelayZMQChannelsWebsocketConnection
# Each visitor's kernel (~130 MiB) is shut down 5 min after the visitor left: Voila's own
# shutdown on page unload is refused (403 '_xsrf' missing, voila-dashboards/voila#1458).
# Kernels with an open page are never culled.
VOILA_CULL     := --MappingKernelManager.cull_idle_timeout=300 --MappingKernelManager.cull_interval=60

# What the tests need in their environment.
export MPLBACKEND := Agg
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install system-deps lab app test bench screenshots site clean

help:
	@echo "make install   system packages (chromium, CJK fonts; needs root) + .venv with yibao[test]"
	@echo "make lab       JupyterLab on http://127.0.0.1:$(LAB_PORT) opening notebooks/00_start_here.ipynb"
	@echo "make app       the notebooks as a Voila app on http://127.0.0.1:$(APP_PORT)"
	@echo "make test      all tests (unit, widget, nbval notebooks, browser); PYTEST_ARGS=... to narrow"
	@echo "make bench     benchmarks -> benchmarks/results.md and .json"
	@echo "make screenshots  refresh docs/screenshots (README) from the browser tests"
	@echo "make site      the static site -> site/ (notebooks run and exported; publish the folder on any static host)"
	@echo "make clean     remove .venv, caches, test artifacts and benchmark results"

install: system-deps $(STAMP)

# Debian packages: checked on every run (fast), `apt-get update` only when one is missing.
system-deps:
	@missing=""; \
	chromium="$$(command -v chromium 2>/dev/null || true)"; \
	if [ -z "$$chromium" ] || [ ! -x "$$chromium" ]; then missing="$$missing chromium"; fi; \
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
	fi

$(PY):
	@test -n "$(BOOT_PY)" || { echo "install: need python3.11 (or python3)"; exit 1; }
	$(BOOT_PY) -m venv $(VENV)

# Re-run pip only when pyproject.toml changed (or .venv was recreated).
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --progress-bar off -q -e '.[test]'
	@touch $@

lab: install
	@echo "JupyterLab: http://127.0.0.1:$(LAB_PORT)/lab/tree/notebooks/00_start_here.ipynb (token in the log below)"
	$(PY) -m jupyterlab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) \
		--ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/00_start_here.ipynb \
		$(LAB_EXTENSIONS) $(ROOT_FLAG) $(LAB_ARGS)

app: install
	@echo "Voila app: http://127.0.0.1:$(APP_PORT)/  (start: http://127.0.0.1:$(APP_PORT)/voila/render/00_start_here.ipynb)"
	$(PY) -m voila notebooks --Voila.ip=127.0.0.1 --Voila.port=$(APP_PORT) --classic-tree $(NODELAY_VOILA) $(VOILA_CULL) $(APP_ARGS)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) -m benchmarks

# Refresh the README's screenshots from the browser tests' journeys.
screenshots: install
	YIBAO_UPDATE_SCREENSHOTS=1 $(PY) -m pytest tests/browser/test_notebooks.py -k "jupyterlab and 02_channels or voila and 03_withdrawal or voila and 01_accounts"

# The static site: npm packages pinned by package-lock.json (npm ci only when the lock changed),
# then every notebook executed with its widget state and exported (yibao/site.py).
NPM_STAMP := node_modules/.package-lock.json

$(NPM_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

site: install $(NPM_STAMP)
	$(PY) -m yibao.site --out site

clean:
	rm -rf $(VENV) site node_modules .pytest_cache .hypothesis tests/artifacts benchmarks/results.md benchmarks/results.json
	find . -name __pycache__ -type d -prune -not -path './.git/*' -exec rm -rf {} +
	find . -name .ipynb_checkpoints -type d -prune -not -path './.git/*' -exec rm -rf {} +
