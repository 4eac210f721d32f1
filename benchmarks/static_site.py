"""The static site in Chromium: built with the browser explainers, served or opened from disk, offline.

Shared by ``tests/browser/test_static_site.py`` (journeys) and ``python -m benchmarks.static_site``
(numbers: click → DOM for a filter and for the language switch, site size, time to widgets).

The site is built from a copy of ``notebooks/`` plus two pages made of the browser explainers
(:data:`BROWSER_PAGES`; the project's notebooks still use the ipywidgets explainers). "Offline"
means every request that is not to 127.0.0.1, ``file:``, ``blob:`` or ``data:`` is aborted and
counted (:class:`Blocker`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from benchmarks.browser_timing import Step, TimingResult, measure_steps, percentile
from tests.browser import harness

REPO_ROOT = Path(__file__).resolve().parents[1]

#: Pages of browser explainers: file → (title_zh, title_en, code cells).
BROWSER_PAGES = {
    "90_browser_choices.ipynb": (
        "查询渠道与提取(浏览器版)",
        "Channels and withdrawal (browser)",
        ["yw.language_toggle()", "yw.channel_finder()", "yw.withdrawal_steps()"],
    ),
    "91_browser_tables.ipynb": (
        "说法核对与比较(浏览器版)",
        "Myths and comparison (browser)",
        ["yw.language_toggle()", "yw.claim_checker()", "yw.family_sharing_timeline()", "yw.non_payable_list()", "yw.account_table()"],
    ),
}
#: Explainers on each browser page (the language switch included).
EXPLAINERS = {name[: -len(".ipynb")]: len(cells) for name, (_, _, cells) in BROWSER_PAGES.items()}

LOCAL_PREFIXES = ("http://127.0.0.1", "file:", "blob:", "data:", "about:")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def write_browser_notebooks(folder: Path) -> None:
    """The browser pages as thin notebooks in ``folder``."""
    for name, (title_zh, title_en, cells) in BROWSER_PAGES.items():
        notebook = new_notebook(
            cells=[
                new_markdown_cell(f"# {title_zh} · {title_en}"),
                new_code_cell("from yibao import widgets as yw"),
                *(new_code_cell(code) for code in cells),
                new_markdown_cell("[00 从这里开始 Start here](00_start_here.ipynb)"),
            ],
            metadata={
                "title": title_zh,
                "yibao": {"title_zh": title_zh, "title_en": title_en},
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            },
        )
        nbformat.write(notebook, folder / name)


def node_modules() -> Path:
    """The repo's npm packages, installed with ``npm ci`` when missing or older than the lockfile."""
    modules = REPO_ROOT / "node_modules"
    stamp = modules / ".package-lock.json"
    lock = REPO_ROOT / "package-lock.json"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=REPO_ROOT, check=True)
    return modules


def build(out: Path) -> list[str]:
    """Build the site (project notebooks + browser pages) into ``out``; returns the page files."""
    from yibao.site import build_site

    with tempfile.TemporaryDirectory(prefix="yibao-notebooks-") as tmp:
        folder = Path(tmp)
        for notebook in sorted((REPO_ROOT / "notebooks").glob("*.ipynb")):
            shutil.copyfile(notebook, folder / notebook.name)
        write_browser_notebooks(folder)
        return [page.file for page in build_site(folder, out, node_modules())]


@dataclass
class StaticServer:
    """``python -m http.server`` on 127.0.0.1 serving a folder; stopped by its PID."""

    directory: Path
    port: int = 0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, timeout_s: float = 30) -> StaticServer:
        self.port = harness.free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(self.url + "index.html", timeout=2):
                    return self
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"static server on {self.url} did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@contextmanager
def serving(directory: Path) -> Iterator[StaticServer]:
    server = StaticServer(directory).start()
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Blocker:
    """Aborts every request that is not local (127.0.0.1, file:, blob:, data:) and remembers it."""

    blocked: list[str] = field(default_factory=list)

    def install(self, context: Any) -> Blocker:
        context.route("**/*", self._handle)
        return self

    def _handle(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


#: Records, from the first byte of the page on, when ``window.__yibaoExpected`` explainers have drawn.
READY_SCRIPT = """
(() => {
  const expected = () => window.__yibaoExpected || Infinity;
  const drawn = () => [...document.querySelectorAll('.yibao-explainer')].filter((el) => el.childElementCount > 0).length;
  const observer = new MutationObserver(() => {
    if (window.__yibaoReady === undefined && drawn() >= expected()) {
      window.__yibaoReady = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
})();
"""


def page_url(base: str, file: str) -> str:
    return base + file


def site_base(site: Path, server: StaticServer | None) -> str:
    """The site's address: the server's, or ``file://`` when there is no server."""
    return server.url if server is not None else site.resolve().as_uri() + "/"


def load(page: Any, url: str, explainers: int, timeout_ms: float = 60_000) -> float:
    """Go to ``url`` and wait for ``explainers`` drawn explainers; returns ms from navigation start."""
    page.set_default_timeout(timeout_ms)
    page.add_init_script(f"window.__yibaoExpected = {explainers};" + READY_SCRIPT)
    page.goto(url)
    page.wait_for_function("window.__yibaoReady !== undefined", timeout=timeout_ms)
    return float(page.evaluate("window.__yibaoReady"))


def open_page(context: Any, url: str, explainers: int) -> tuple[Any, float]:
    """A new page at ``url`` once its explainers are drawn; returns (page, ms from navigation start)."""
    page = context.new_page()
    return page, load(page, url, explainers)


# --- measurements --------------------------------------------------------------------


def _filter_steps() -> list[Step]:
    import yibao

    online, offline = len(yibao.channel_records("online")), len(yibao.channel_records("offline"))
    rows = "document.querySelectorAll('.yibao-channel-table tbody tr').length === {}"
    return [
        Step(click=".yibao-choice-mode button[data-value='online']", expect_js=f"() => {rows.format(online)}"),
        Step(click=".yibao-choice-mode button[data-value='offline']", expect_js=f"() => {rows.format(offline)}"),
    ]


#: UI-string keys of what each page shows first in each table (first column) and in the withdrawal result.
FIRST_TEXTS = {
    "90_browser_choices": {"thead th:first-child": ["channel"], ".yibao-withdrawal-result h5:first-of-type": ["who_may_apply"]},
    "91_browser_tables": {"thead th:first-child": ["seed", "valid_from", "item", "dimension"]},
}


def _language_steps(page_name: str) -> list[Step]:
    """Each click switches every explainer on the page: done when the last one shows the language."""
    from yibao.i18n import t

    def all_in(lang: str) -> str:
        expected = {css: [t(key, lang) for key in keys] for css, keys in FIRST_TEXTS[page_name].items()}
        shown = "[...document.querySelectorAll(css)].map((e) => e.textContent)"
        return f"() => Object.entries({json.dumps(expected)}).every(([css, texts]) => JSON.stringify({shown}) === JSON.stringify(texts))"

    return [
        Step(click=".yibao-language button[data-value='en']", expect_js=all_in("en")),
        Step(click=".yibao-language button[data-value='zh']", expect_js=all_in("zh")),
    ]


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def site_sizes(site: Path) -> dict[str, Any]:
    """Bytes on disk and gzipped: the whole site, the shared vendor files, and a first visit to each page."""
    files = [p for p in site.rglob("*") if p.is_file()]
    # a first visit loads the page and the scripts (fonts only where an icon is drawn)
    vendor = [site / "vendor" / name for name in ("require.js", "embed-amd.js", "anywidget.js")]
    pages = {}
    for page in sorted(site.glob("*.html")):
        first = [page, *vendor] if page.name != "index.html" else [page]
        pages[page.name] = {
            "bytes": page.stat().st_size,
            "gzip": gzipped_size(page),
            "first_visit_gzip": sum(gzipped_size(p) for p in first),
        }
    return {
        "total_bytes": sum(p.stat().st_size for p in files),
        "total_gzip": sum(gzipped_size(p) for p in files),
        "vendor_gzip": sum(gzipped_size(p) for p in vendor),
        "pages": pages,
    }


def _summary(name: str, samples: list[float]) -> dict[str, Any]:
    return {
        "name": name,
        "n": len(samples),
        "median_ms": statistics.median(samples),
        "p95_ms": percentile(samples, 95),
        "max_ms": max(samples),
    }


def measure(site: Path, *, repetitions: int = 60, loads: int = 7) -> dict[str, Any]:
    """Every number of the report, from one built site."""
    from playwright.sync_api import sync_playwright

    results: dict[str, Any] = {"sizes": site_sizes(site), "timings": []}
    page_file = "90_browser_choices.html"
    with serving(site) as server, sync_playwright() as pw:
        browser = harness.launch_chromium(pw)
        try:
            blocker = Blocker()
            for origin, base in (("http", server.url), ("file", site_base(site, None))):
                ready = []
                for _ in range(loads):  # a fresh context each time: a first visit, nothing cached
                    context = browser.new_context(viewport=VIEWPORTS["phone"])
                    blocker.install(context)
                    _page, ms = open_page(context, base + page_file, EXPLAINERS["90_browser_choices"])
                    ready.append(ms)
                    context.close()
                results["timings"].append(_summary(f"time to widgets, 390 px, {origin}", ready))
            context = browser.new_context(viewport=VIEWPORTS["phone"])
            blocker.install(context)
            journeys = (
                ("90_browser_choices", "filter (online/offline)", _filter_steps()),
                ("90_browser_choices", "language switch, 3 explainers", _language_steps("90_browser_choices")),
                ("91_browser_tables", "language switch, 5 explainers (4 tables)", _language_steps("91_browser_tables")),
            )
            for page_name, name, steps in journeys:
                page, _ = open_page(context, f"{server.url}{page_name}.html", EXPLAINERS[page_name])
                timing: TimingResult = measure_steps(page, steps, repetitions=repetitions, warmup=6, pause_s=0.02, name=name)
                results["timings"].append(_summary(f"click → DOM, {name}, 390 px, http", timing.samples_ms))
                page.close()
            context.close()
            results["blocked_requests"] = len(blocker.blocked)
        finally:
            browser.close()
    return results


def markdown(results: dict[str, Any]) -> str:
    lines = ["| measurement | n | median | p95 | max |", "|---|---:|---:|---:|---:|"]
    for row in results["timings"]:
        lines.append(f"| {row['name']} | {row['n']} | {row['median_ms']:.1f} ms | {row['p95_ms']:.1f} ms | {row['max_ms']:.1f} ms |")
    sizes = results["sizes"]
    lines += [
        "",
        f"site: {sizes['total_bytes'] / 1e6:.2f} MB on disk, {sizes['total_gzip'] / 1e6:.2f} MB gzipped; "
        f"vendor scripts {sizes['vendor_gzip'] / 1e6:.2f} MB gzipped; blocked requests: {results['blocked_requests']}",
        "",
        "| page | bytes | gzip | first visit, gzip |",
        "|---|---:|---:|---:|",
    ]
    for name, page in sizes["pages"].items():
        lines.append(f"| {name} | {page['bytes'] / 1e3:.0f} kB | {page['gzip'] / 1e3:.0f} kB | {page['first_visit_gzip'] / 1e6:.2f} MB |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.static_site", description=__doc__)
    parser.add_argument("--site", type=Path, help="an already built site (default: build one in a temporary folder)")
    parser.add_argument("--repetitions", type=int, default=60)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="yibao-site-") as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            build(site)
        results = measure(site, repetitions=args.repetitions)
    print(markdown(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
