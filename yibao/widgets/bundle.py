"""The explainers' JavaScript: ES modules in ``js/``, bundled by esbuild into ``static/<explainer>.js``.

Each explainer's module (``js/channels.js`` …) imports what it needs from the shared modules
(``js/common.js``, ``js/amount.js`` …); anywidget loads a module from a ``blob:`` URL, where a
relative import cannot resolve, so each explainer is served as one bundle. ``bundle(name)`` returns
anywidget's ``_esm``: with ``ANYWIDGET_HMR=1`` the bundle's path (the page reloads it when it
changes), else its text (a path makes anywidget keep every widget alive for its change signal, so a
re-run notebook cell could never free the explainers it built before). It rebuilds every bundle
first when one is missing or older than a source. esbuild comes
from npm (``package-lock.json``): ``make install`` runs ``npm ci``.

``python -m yibao.widgets.bundle [--watch]`` builds the bundles (``--watch``: again on every edit).
This file imports nothing from yibao: the package build (``hatch_build.py``) runs it on its own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SOURCES = HERE / "js"
BUNDLES = HERE / "static"
#: esbuild as ``npm ci`` installs it in the project (a source checkout), else one on PATH.
LOCAL_ESBUILD = HERE.parents[1] / "node_modules" / ".bin" / "esbuild"
#: Modules other modules import; every other module in ``js/`` is an explainer (an entry point).
SHARED = ("common", "amount", "pool_share", "finder_search", "credit_periods", "credit_rules", "year_rules")


def entries() -> list[Path]:
    """The explainers' modules: every ``js/*.js`` but the shared ones."""
    return sorted(path for path in SOURCES.glob("*.js") if path.stem not in SHARED)


def stale() -> bool:
    """True when a bundle is missing, or older than a module in ``js/``."""
    bundles = [BUNDLES / path.name for path in entries()]
    if not all(bundle.is_file() for bundle in bundles):
        return True
    newest_source = max(path.stat().st_mtime for path in SOURCES.glob("*.js"))
    return newest_source > min(bundle.stat().st_mtime for bundle in bundles)


def esbuild() -> str:
    """The esbuild executable; ``RuntimeError`` saying how to get it when there is none."""
    found = str(LOCAL_ESBUILD) if LOCAL_ESBUILD.is_file() else shutil.which("esbuild")
    if found is None:
        raise RuntimeError(
            f"the explainers' JavaScript in {BUNDLES} is missing or older than {SOURCES}, and esbuild is not installed: "
            "run `make install` (node, npm ci) or `make js`"
        )
    return found


def command(*options: str) -> list[str]:
    """The esbuild command line, run in this folder, that bundles every explainer into ``static/``."""
    return [
        esbuild(),
        *(str(path.relative_to(HERE)) for path in entries()),
        "--bundle",
        "--format=esm",
        "--target=es2022",
        f"--outdir={BUNDLES}",
        "--log-level=warning",
        *options,
    ]


def build() -> None:
    """Bundle every explainer (``RuntimeError`` with esbuild's message when it fails)."""
    done = subprocess.run(command(), cwd=HERE, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"esbuild failed:\n{done.stderr}")


def bundle(name: str) -> Path | str:
    """The explainer ``js/<name>.js`` bundled: its path under ``ANYWIDGET_HMR=1``, else its text (rebuilt first when stale)."""
    if (SOURCES / f"{name}.js").is_file() and stale():
        build()
    path = BUNDLES / f"{name}.js"
    if not path.is_file():
        raise RuntimeError(f"no explainer module {name!r}: {SOURCES / (name + '.js')} is not an entry point")
    return path if os.environ.get("ANYWIDGET_HMR") == "1" else path.read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m yibao.widgets.bundle", description=__doc__.splitlines()[0])
    parser.add_argument("--watch", action="store_true", help="rebuild on every edit (stop with Ctrl-C)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.watch:
        os.chdir(HERE)
        os.execv(esbuild(), command("--watch=forever"))
    build()
    print(f"bundle: {len(entries())} explainers in {BUNDLES}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
