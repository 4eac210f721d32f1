"""The explainers' JavaScript: ES modules in ``js/``, bundle by esbuild into ``static/<explainer>.js``.

Each explainer's module (``js/channels.js`` …) imports what it needs from the shared modules
(``js/common.js``, ``js/amount.js`` …); anywidget loads a module from a ``blob:`` URL, where a
relative import cannot resolve, so each explainer is served as one bundle. ``bundle(name)`` returns
the bundle's path, anywidget's ``_esm`` (with ``ANYWIDGET_HMR=1`` the page reloads it when it
changes). It rebuilds every bundle first when one is missing or older than a source. esbuild comes
from npm (``package-lock.json``): ``make install`` runs ``npm ci``.

The static site's front end (``js/site/loader.js``: every explainer, mounted without a widget
manager) is bundled too, minified, as one classic script ``static/site.js`` (a module script cannot
load from ``file://``); so is the app's (``js/site/app.js``: the same explainers on a kernel's
websocket, with their stylesheet), into the app's Voila template, which serves it as
``/voila/templates/yibao/static/app.js``.

``python yibao/widgets/bundle.py [--watch]`` builds the bundles (``--watch``: the explainers again
on every edit).
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
#: A source checkout (``package.json`` beside the package): bundles older than a module are rebuilt.
#: An installed wheel carries its bundles, built with it, and is never rebuilt.
CHECKOUT = HERE.parents[1] / "package.json"
#: esbuild as ``npm ci`` installs it in a source checkout, else one on PATH.
LOCAL_ESBUILD = HERE.parents[1] / "node_modules" / ".bin" / "esbuild"
#: The static site's front end and its bundle.
SITE_ENTRY = SOURCES / "site" / "loader.js"
SITE_BUNDLE = BUNDLES / "site.js"
#: The app's front end and its bundle (a static file of the app's Voila template).
APP_ENTRY = SOURCES / "site" / "app.js"
APP_BUNDLE = HERE.parent / "serve" / "share" / "jupyter" / "voila" / "templates" / "yibao" / "static" / "app.js"
#: Modules other modules import; every other module in ``js/`` is an explainer (an entry point).
SHARED = ("common", "address", "amount", "finder_search", "credit_periods", "credit_rules", "year_rules", "yuan")


def entries() -> list[Path]:
    """The explainers' modules: every ``js/*.js`` but the shared ones."""
    return sorted(path for path in SOURCES.glob("*.js") if path.stem not in SHARED)


def stale() -> bool:
    """True when a bundle is missing, or older than a module in ``js/``."""
    bundles = [BUNDLES / path.name for path in entries()] + [SITE_BUNDLE, APP_BUNDLE]
    if not all(bundle.is_file() for bundle in bundles):
        return True
    sources = [*SOURCES.rglob("*.js"), *SOURCES.rglob("*.css"), HERE / "style.css"]
    newest_source = max(path.stat().st_mtime for path in sources)
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


def front_end_command(entry: Path, outfile: Path, *options: str) -> list[str]:
    """The esbuild command line, run in this folder, that bundles a front end (``entry``) as one classic script."""
    script = ["--bundle", "--format=iife", "--minify", "--target=es2020", f"--outfile={outfile}", "--log-level=warning"]
    return [esbuild(), str(entry.relative_to(HERE)), *script, *options]


def build() -> None:
    """Bundle every explainer and the two front ends (``RuntimeError`` with esbuild's message when it fails)."""
    site = front_end_command(SITE_ENTRY, SITE_BUNDLE)
    app = front_end_command(APP_ENTRY, APP_BUNDLE, "--loader:.css=text")  # the explainers' stylesheets as text
    for line in (command(), site, app):
        done = subprocess.run(line, cwd=HERE, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"esbuild failed:\n{done.stderr}")


def rebuild_if_stale() -> None:
    """In a source checkout, rebuild every bundle when one is missing or older than a module."""
    if SOURCES.is_dir() and CHECKOUT.is_file() and stale():
        build()


def bundle(name: str, *, checked: bool = False) -> Path:
    """The bundle file of the explainer ``js/<name>.js`` (anywidget's ``_esm``), rebuilt first when stale (in a source
    checkout); ``checked``: the caller has just called :func:`rebuild_if_stale` (one check for many bundles)."""
    if not checked and (SOURCES / f"{name}.js").is_file():
        rebuild_if_stale()
    path = BUNDLES / f"{name}.js"
    if not path.is_file():
        raise RuntimeError(f"no explainer module {name!r}: {SOURCES / (name + '.js')} is not an entry point")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python yibao/widgets/bundle.py", description=__doc__.splitlines()[0])
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
