"""A first visit on a slow phone: bytes, Lighthouse, and the time until the first control can be used.

For every page of the static site (the project's notebooks and the browser pages, built as in
``make site``, served with its pre-compressed files as a static host serves them):

* first-visit bytes, gzipped: the page and every file it loads from the site (target ≤ 250 kB);
* Lighthouse 12.2.3 (pinned in ``package-lock.json``), mobile preset (simulated slow 4G, CPU 4×):
  performance (target ≥ 90) and accessibility (target 100), with LCP and total blocking time;
* time to the first usable control (a button, field or list in an explainer, drawn and enabled),
  from navigation start, at 390×844 with the CPU at 1× and 4× (CDP ``Emulation.setCPUThrottlingRate``),
  nothing cached (target at 4×: ≤ 1.0 s).

And the app (``make app``'s Voila, a kernel pool of one): its home page, the same time at 1× and 4×
(target at 4×: ≤ 2.0 s). Requests off 127.0.0.1 are aborted and counted (target 0).

``python -m benchmarks first-visit``; ``python -m benchmarks.first_visit SITE`` measures a built site.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import statistics
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import harness
from benchmarks.pages import PHONE, Blocker, write_pages
from benchmarks.registry import markdown_table, no_target, summarize, with_target
from benchmarks.static_site import build, site_sizes, size_rows

REPO_ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = REPO_ROOT / "node_modules" / ".bin" / "lighthouse"
CPU_RATES = (1, 4)
LOADS = 3
APP_PAGE = "00_start_here"
CONTROL_TARGET_MS = {"static": 1000.0, "app": 2000.0}
LIGHTHOUSE_TARGETS = {"performance": 90, "accessibility": 100}
#: Lighthouse runs per page; each number is their median (one run varies by ±10 points on a busy machine).
LIGHTHOUSE_RUNS = 3

#: Installed before the page's scripts: when the first control of an explainer is drawn and enabled.
CONTROL_JS = """
window.__yibaoControlAt = null;
(() => {
  const usable = () => [...document.querySelectorAll('.yibao-explainer :is(button, input, select, textarea)')]
    .some((el) => !el.disabled && el.getBoundingClientRect().height > 0);
  const check = () => {
    if (window.__yibaoControlAt === null && usable()) window.__yibaoControlAt = performance.now();
    return window.__yibaoControlAt !== null;
  };
  const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
  const frame = () => { if (!check()) requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
})();
"""


class PrecompressedHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: ``<file>.br`` or ``<file>.gz`` sent for ``<file>`` when the browser accepts it."""

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        accepted = self.headers.get("Accept-Encoding", "")
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            packed = path.with_name(path.name + suffix)
            if encoding in accepted and path.is_file() and packed.is_file():
                body = packed.open("rb")
                self.send_response(200)
                self.send_header("Content-Type", self.guess_type(str(path)))
                self.send_header("Content-Encoding", encoding)
                self.send_header("Content-Length", str(packed.stat().st_size))
                self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                return body
        return super().send_head()

    def copyfile(self, source: Any, outputfile: Any) -> None:
        try:
            super().copyfile(source, outputfile)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser closed the page before the file was sent

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def host(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 with its pre-compressed files; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PrecompressedHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)  # stops within 0.05 s
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(url: str, runs: int = LIGHTHOUSE_RUNS) -> dict[str, float]:
    """Lighthouse's mobile runs of ``url``, the median of each: performance and accessibility (0–100), LCP and blocking time (ms)."""
    results = [_lighthouse_once(url) for _ in range(runs)]
    return {key: statistics.median(result[key] for result in results) for key in results[0]}


def _lighthouse_once(url: str) -> dict[str, float]:
    chromium = harness.find_chromium()
    if chromium is None or not LIGHTHOUSE.exists():
        raise RuntimeError("Lighthouse needs chromium and `npm ci` (make install)")
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--only-categories=performance,accessibility",
        "--chrome-flags=--headless=new --no-sandbox",
        "--quiet",
    ]
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True, timeout=300, check=True)
    report = json.loads(done.stdout)
    audits = report["audits"]
    return {
        "performance": round(100 * report["categories"]["performance"]["score"]),
        "accessibility": round(100 * report["categories"]["accessibility"]["score"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
    }


def control_ms(browser: Any, url: str, rate: int, blocker: Blocker) -> float:
    """A first visit to ``url`` at 390 px with the CPU slowed ``rate``×: ms until the first usable control."""
    context = browser.new_context(**PHONE)
    blocker.install(context)
    context.add_init_script(CONTROL_JS)
    try:
        page = context.new_page()
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__yibaoControlAt !== null", timeout=180_000, polling=50)
        return float(page.evaluate("window.__yibaoControlAt"))
    finally:
        context.close()


def control_rows(browser: Any, front: str, label: str, url: str, blocker: Blocker, loads: int) -> Iterator[dict[str, Any]]:
    for rate in CPU_RATES:
        row = summarize(f"{label}: first usable control, CPU {rate}×", [control_ms(browser, url, rate, blocker) for _ in range(loads)])
        yield with_target(row, CONTROL_TARGET_MS[front], "median_ms") if rate == 4 else no_target(row, "for information")


def static_rows(site: Path, *, loads: int = LOADS) -> Iterator[dict[str, Any]]:
    """Every page of a built site: bytes, Lighthouse, first usable control at 1× and 4×; blocked requests."""
    from playwright.sync_api import sync_playwright

    pages = sorted(p.name for p in site.glob("*.html") if p.name != "index.html")
    yield from size_rows(site_sizes(site))
    blocker = Blocker()
    with host(site) as base, sync_playwright() as pw:
        for page in pages:
            scores = lighthouse(base + page)
            for category, limit in LIGHTHOUSE_TARGETS.items():
                score = scores[category]
                row = {"name": f"{page}: Lighthouse mobile {category}", "value": f"{score} / 100", "score": score}
                if category == "performance":
                    row |= {"lcp_ms": scores["lcp_ms"], "tbt_ms": scores["tbt_ms"]}
                yield {**row, "target": f"≥ {limit}", "status": "pass" if score >= limit else f"MISS -{limit - score} points"}
        browser = harness.launch_chromium(pw)
        try:
            for page in pages:
                yield from control_rows(browser, "static", f"static {page}", base + page, blocker, loads)
        finally:
            browser.close()
    blocked = {"name": "static: requests off the site (blocked)", "blocked_requests": len(blocker.blocked)}
    yield with_target(blocked, 0, "blocked_requests", unit="requests")


def app_rows(*, loads: int = LOADS) -> Iterator[dict[str, Any]]:
    """The app's home page in ``make app``'s Voila (kernel pool of one): first usable control at 1× and 4×."""
    from playwright.sync_api import sync_playwright

    from benchmarks.app_load import settle

    with tempfile.TemporaryDirectory(prefix="yibao-bench-first-") as tmp:
        notebooks = write_pages(Path(tmp))
        server = harness.start_voila(Path(tmp) / "voila", root_dir=notebooks, pool=1, mplconfigdir=Path(tmp) / "mpl")
        try:
            blocker = Blocker()
            with sync_playwright() as pw:
                browser = harness.launch_chromium(pw)
                try:
                    url = server.url(f"/voila/render/{APP_PAGE}.ipynb")
                    for rate in CPU_RATES:
                        samples = []
                        for _ in range(loads):
                            settle(server, 1)
                            samples.append(control_ms(browser, url, rate, blocker))
                        row = summarize(f"app {APP_PAGE}: first usable control, CPU {rate}×", samples)
                        yield with_target(row, CONTROL_TARGET_MS["app"], "median_ms") if rate == 4 else no_target(row, "for information")
                finally:
                    browser.close()
        finally:
            server.stop()


def measurements() -> Iterator[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="yibao-bench-first-site-") as tmp:
        site = Path(tmp) / "site"
        build(site)
        yield from static_rows(site)
    yield from app_rows()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.first_visit", description=__doc__)
    parser.add_argument("site", type=Path, nargs="?", help="a built site (default: build one, and measure the app too)")
    parser.add_argument("--loads", type=int, default=LOADS)
    args = parser.parse_args(argv)
    if args.site is None:
        rows = list(measurements())
    else:
        rows = list(static_rows(args.site, loads=args.loads))
    print(markdown_table([{"benchmark": "first-visit", **row} for row in rows]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
