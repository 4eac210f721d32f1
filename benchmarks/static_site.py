"""The static site in Chromium: built with the browser explainers, served or opened from disk, offline.

Shared by ``tests/browser/test_static_site.py`` (journeys) and ``make bench`` (``python -m benchmarks
static-site``): the site's size (total, and gzipped for a first visit to each page; target ≤ 1.2 MB),
the time until a page's explainers are drawn at 390 px (target ≤ 1.5 s from a local server), and
click → DOM of the journeys of :mod:`benchmarks.journeys` on the static front. ``python -m
benchmarks.static_site`` prints the same rows.

The site is built from a copy of ``notebooks/`` plus two pages made of the browser explainers
(:data:`BROWSER_PAGES`; :func:`write_pages`, which Voila and JupyterLab serve in the benchmarks too).
"Offline" means every request that is not to 127.0.0.1, ``file:``, ``blob:`` or ``data:`` is aborted
and counted (:class:`Blocker`).
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import harness
from benchmarks import journeys
from benchmarks.pages import EXPLAINERS, PHONE, Blocker, write_pages
from benchmarks.registry import markdown_table, no_target, summarize, with_target

REPO_ROOT = Path(__file__).resolve().parents[1]

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
    from yibao.serve.site import build_site

    with tempfile.TemporaryDirectory(prefix="yibao-notebooks-") as tmp:
        return [page.file for page in build_site(write_pages(Path(tmp)), out, node_modules())]


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

#: The page whose explainers are timed from navigation (the one with the most explainers).
READY_PAGE = "91_browser_tables"
LOADS = 7
READY_TARGET_MS = 1500.0
FIRST_VISIT_TARGET_MB = 1.2


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


def size_rows(sizes: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The whole site (for information), then a first visit to each page, gzipped (target ≤ 1.2 MB)."""
    yield no_target(
        {
            "name": "site size, every file",
            "value": f"{sizes['total_bytes'] / 1e6:.2f} MB, {sizes['total_gzip'] / 1e6:.2f} MB gzipped",
            "total_mb": round(sizes["total_bytes"] / 1e6, 3),
            "total_gzip_mb": round(sizes["total_gzip"] / 1e6, 3),
            "vendor_gzip_mb": round(sizes["vendor_gzip"] / 1e6, 3),
        },
        "for information",
    )
    for name, page in sizes["pages"].items():
        mb = page["first_visit_gzip"] / 1e6
        row = {
            "name": f"first visit to {name}, gzipped",
            "value": f"{mb:.2f} MB (page {page['gzip'] / 1e3:.0f} kB gz)",
            "first_visit_mb": round(mb, 3),
        }
        yield with_target(row, FIRST_VISIT_TARGET_MB, "first_visit_mb", source="instant in the browser", unit="MB")


def ready_ms(browser: Any, url: str, blocker: Blocker) -> float:
    """A first visit (fresh context, nothing cached) at 390 px: ms from navigation until the explainers are drawn."""
    context = browser.new_context(**PHONE)
    blocker.install(context)
    try:
        return open_page(context, url, EXPLAINERS[READY_PAGE])[1]
    finally:
        context.close()


def measurements(*, loads: int = LOADS) -> Iterator[dict[str, Any]]:
    """Build the site; its sizes, time to widgets (local server and ``file://``), the journeys; blocked requests."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="yibao-bench-site-") as tmp:
        site = Path(tmp) / "site"
        build(site)
        yield from size_rows(site_sizes(site))
        with serving(site) as server, sync_playwright() as pw:
            browser = harness.launch_chromium(pw)
            try:
                front = journeys.StaticFront("static", server)
                for origin, base in (("local server", server.url), ("file://", site_base(site, None))):
                    samples = [ready_ms(browser, f"{base}{READY_PAGE}.html", front.blocker) for _ in range(loads)]
                    row = summarize(f"static: time to widgets, {READY_PAGE} at 390 px, {origin}", samples)
                    yield (
                        with_target(row, READY_TARGET_MS, "median_ms", source="instant in the browser")
                        if base == server.url
                        else no_target(row, "for information")
                    )
                yield from journeys.measure_front(browser, front)
                language = next(j for j in journeys.JOURNEYS if j.kind == "language")
                yield journeys.measure_first(browser, front, language, loads)
                blocked = {"name": "static: requests off the site (blocked), whole run", "blocked_requests": len(front.blocker.blocked)}
                yield with_target(blocked, 0, "blocked_requests", unit="requests")
            finally:
                browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.static_site", description=__doc__)
    parser.parse_args(argv)
    rows = [{"benchmark": "static-site", **row} for row in measurements()]
    print(markdown_table(rows))
    return 1 if any("error" in row for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
