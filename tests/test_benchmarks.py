"""`make bench` keeps working: the registry, the table, the targets, and the kernel benchmark itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import harness
from benchmarks import domain, journeys, kernel, registry, static_site
from benchmarks import pages as bench_pages
from benchmarks.browser_timing import KeyStep, Step, TimingResult, percentile

from . import make_dry_run

ROOT = Path(__file__).resolve().parent.parent


def test_list_names_every_benchmark_without_importing_them() -> None:
    out = subprocess.check_output([sys.executable, "-m", "benchmarks", "--list"], cwd=ROOT, text=True)
    assert [line.split()[0] for line in out.splitlines()] == list(registry.BENCHMARKS)
    assert {"floor", "kernel", "static-site", "widgets-browser", "app-load", "notebooks"} <= set(registry.BENCHMARKS)
    for bench in registry.BENCHMARKS.values():  # every target names a function that exists
        assert callable(bench.load())


def test_percentile_is_nearest_rank() -> None:
    samples = list(range(1, 21))  # 1..20
    assert percentile(samples, 95) == 19 and percentile(samples, 50) == 10 and percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 95)


def test_targets_are_judged_and_summarised() -> None:
    rows = [
        {"benchmark": "b", **registry.with_target(registry.summarize("fast", [1.0, 2.0, 3.0]), 5.0)},
        {"benchmark": "b", **registry.with_target(registry.summarize("slow", [70.0, 80.0, 90.0]), 60.0)},
        {"benchmark": "b", **registry.no_target(registry.summarize("info", [1.0]), "for information")},
    ]
    assert rows[0]["status"] == "pass" and rows[0]["target"] == "p95 ≤ 5 ms"
    assert rows[1]["status"] == "MISS +30 ms (1.5×)"
    summary = registry.target_summary(rows)
    assert summary.splitlines()[0] == "Targets: 1 pass, 1 miss"
    assert "MISS b/slow" in summary
    table = registry.markdown_table(rows).splitlines()
    assert table[0].startswith("| benchmark | name | median_ms | p95_ms | n | target | status")
    assert len(table) == 2 + len(rows)


def test_kernel_benchmark_runs_and_compares_with_the_naive_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kernel, "REPEATS", 3)
    monkeypatch.setattr(kernel, "NAIVE_REPEATS", 1)  # a matplotlib figure drawn from scratch: 0.3 s each
    rows = kernel.measurements()
    names = [row["name"] for row in rows]
    assert "chart: spending slider" in names and "credit: wage base" in names
    for row in rows:
        assert row["n"] == 3 and row["median_ms"] > 0 and row["status"].startswith(("pass", "MISS"))
    chart = rows[names.index("chart: spending slider")]
    assert chart["naive_median_ms"] > 0 and chart["naive_ratio"] == pytest.approx(chart["naive_median_ms"] / chart["median_ms"])


def test_domain_benchmark_times_a_year_of_100_bills(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(domain, "REPEATS", 3)
    assert len(domain.year_of_bills()) == 100
    rows = domain.measurements()
    assert [row["name"].split(":")[0] for row in rows] == ["simulate_year"] * 3 + ["compare_reform"]
    for row in rows:
        assert row["n"] == 3 and row["median_ms"] > 0
    assert all(row["target"] == "p95 ≤ 10 ms" and row["status"].startswith(("pass", "MISS")) for row in rows[:3])


# --- the README's performance table is written by `make bench` ------------------------------------

ROWS = [
    {"benchmark": "kernel", **registry.with_target(registry.summarize("channels: filter", [1.0, 2.0, 3.0]), 5.0)},
    {"benchmark": "notebooks", **registry.no_target(registry.summarize("Voila first render", [2100.0, 2400.0]), "for information")},
    {"benchmark": "floor", "name": "ERROR", "error": "RuntimeError: chromium not found"},
]
INFO = {"date": "2026-12-01 10:00:00 +0000", "cpus": 2, "python": "3.11.9", "loadavg_1_5_15": "0.50 0.40 0.30"}
README = f"# Title\n\nbefore\n\n{registry.README_START}\nold table\n{registry.README_END}\n\nafter\n"


def test_readme_block_has_every_row_and_the_run_it_comes_from() -> None:
    block = registry.readme_block(ROWS, INFO).splitlines()
    assert block[0] == registry.README_START and block[-1] == registry.README_END
    assert "2026-12-01 10:00:00 +0000 on 2 CPUs (load average 0.50 0.40 0.30)" in block[1]
    assert "Targets: 1 pass, 0 miss" in block[1]
    table = block[3:-1]
    assert len(table) == 2 + len(ROWS)
    assert table[2] == "| kernel | channels: filter | 2.00 ms | 3.00 ms | p95 ≤ 5 ms | pass |"
    assert table[3] == "| notebooks | Voila first render | 2.25 s | 2.40 s | — | for information |"
    assert table[4] == "| floor | ERROR |  |  |  | RuntimeError: chromium not found |"


def test_update_readme_rewrites_only_the_block(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    registry.update_readme(readme, ROWS, INFO)
    text = readme.read_text(encoding="utf-8")
    assert text == README.replace(f"{registry.README_START}\nold table\n{registry.README_END}", registry.readme_block(ROWS, INFO))
    registry.update_readme(readme, ROWS[:1], INFO)  # the block can be rewritten again
    assert "Voila first render" not in readme.read_text(encoding="utf-8")
    readme.write_text("no block here", encoding="utf-8")
    with pytest.raises(ValueError, match="exactly one"):
        registry.update_readme(readme, ROWS, INFO)


def test_a_full_run_rewrites_the_readme_and_a_partial_one_may_not(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from benchmarks.__main__ import main

    monkeypatch.setattr(registry, "run", lambda names: ROWS[:2])  # no benchmark really runs
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    assert main(["--out", str(tmp_path), "--readme", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert "| kernel | channels: filter |" in text and "old table" not in text and text.endswith("\n\nafter\n")
    assert "channels: filter" in (tmp_path / "results.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["kernel", "--readme", str(readme)])
    assert "--readme needs a run of every benchmark" in capsys.readouterr().err


def test_make_bench_rewrites_the_one_block_in_the_readme() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(registry.README_START) == 1 and text.count(registry.README_END) == 1
    assert text.index(registry.README_START) < text.index(registry.README_END)
    assert [line.split() for line in make_dry_run("bench")] == [".venv/bin/python -m benchmarks --readme README.md".split()]


# --- static site, journeys on three fronts (fake pages: nothing is timed here) --------------------


def test_targets_in_other_units_are_judged_in_that_unit() -> None:
    big = registry.with_target({"name": "page", "first_visit_mb": 1.5}, 1.2, "first_visit_mb", source="instant in the browser", unit="MB")
    assert big["target"] == "first_visit ≤ 1.2 MB (instant in the browser)" and big["status"] == "MISS +0.3 MB (1.2×)"
    assert registry.with_target({"blocked_requests": 0}, 0, "blocked_requests", unit="requests")["status"] == "pass"
    assert registry.with_target({"blocked_requests": 2}, 0, "blocked_requests", unit="requests")["status"] == "MISS +2 requests"


SIZES = {
    "total_bytes": 7_000_000,
    "total_gzip": 1_800_000,
    "pages": {
        "02_channels.html": {"bytes": 40_000, "gzip": 8_000, "first_visit_gzip": 120_000},
        "huge.html": {"bytes": 2_000_000, "gzip": 500_000, "first_visit_gzip": 290_000},
    },
}


def test_site_sizes_become_rows_with_the_first_visit_target_and_reach_the_readme() -> None:
    rows = [{"benchmark": "first-visit", **row} for row in static_site.size_rows(SIZES)]
    assert [row["name"] for row in rows] == [
        "site size, every file",
        "first visit to 02_channels.html, gzipped",
        "first visit to huge.html, gzipped",
    ]
    assert rows[0]["status"] == "for information" and rows[0]["value"] == "7.00 MB, 1.80 MB gzipped"
    assert rows[1]["status"] == "pass" and rows[1]["first_visit_kb"] == 120.0
    assert rows[2]["status"].startswith("MISS +40 kB")
    block = registry.readme_block(rows, INFO)
    huge = (
        "| first-visit | first visit to huge.html, gzipped | 290 kB (page 500 kB gz) |  "
        "| first_visit ≤ 250 kB (light on a slow phone) | MISS"
    )
    assert huge in block
    assert "Targets: 1 pass, 1 miss" in block


def test_a_first_visit_counts_the_page_and_every_site_file_it_names_once(tmp_path: Path) -> None:
    (tmp_path / "static" / "data").mkdir(parents=True)
    for name in ("yibao.js", "yibao.css", "data/a.js", "data/b.js"):
        (tmp_path / "static" / name).write_text(name * 500, encoding="utf-8")
    names = '<link href="static/yibao.css"><script src="static/data/a.js"></script><script src="static/yibao.js"></script>'
    (tmp_path / "01.html").write_text(names + '<a href="02.html">next</a><script src="static/yibao.js"></script>', encoding="utf-8")
    (tmp_path / "01.html.gz").write_bytes(b"a compressed copy is not another file")
    (tmp_path / "index.html").write_text("<p>home</p>", encoding="utf-8")
    sizes = static_site.site_sizes(tmp_path)
    named = sum(static_site.gzipped_size(tmp_path / "static" / n) for n in ("yibao.css", "data/a.js", "yibao.js"))
    assert sizes["pages"]["01.html"]["first_visit_gzip"] == static_site.gzipped_size(tmp_path / "01.html") + named
    assert sizes["pages"]["index.html"]["first_visit_gzip"] == static_site.gzipped_size(tmp_path / "index.html")
    assert sizes["total_bytes"] == sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".gz")


def test_the_pages_every_front_serves_hold_every_journey_and_the_floor(tmp_path: Path) -> None:
    notebooks = bench_pages.write_pages(tmp_path)
    assert (tmp_path / "benchmarks" / "floor.ipynb").is_file()
    for journey in journeys.JOURNEYS:
        assert (notebooks / f"{journey.page}.ipynb").is_file(), journey.page
        assert journeys.explainers_on(journey.page) >= 1
        assert journey.kind in journeys.TARGET_P95_MS
    assert {j.kind for j in journeys.JOURNEYS} == {"filter", "choice", "language", "chart"}
    assert journeys.TARGET_P95_MS == {"filter": 5.0, "choice": 5.0, "language": 5.0, "chart": 16.0}
    # the language switch runs on the page with the most explainers
    pages = {**harness.WIDGETS_PER_NOTEBOOK, **bench_pages.EXPLAINERS}
    assert pages[journeys.LANGUAGE_PAGE] == max(pages.values())


def test_journey_steps_expect_a_change_and_the_chart_uses_the_one_slider_selector() -> None:
    steps = {j.kind: j.steps() for j in journeys.JOURNEYS}
    assert all(len(s) == 2 for s in steps.values())  # there and back, so the steps can cycle
    assert all(isinstance(step, Step) and step.expect_js for kind in ("filter", "choice", "language") for step in steps[kind])
    chart = steps["chart"]
    assert all(isinstance(step, KeyStep) and step.focus == journeys.CHART_SLIDER for step in chart)
    assert [step.key for step in chart if isinstance(step, KeyStep)] == ["ArrowRight", "ArrowLeft"]
    assert next(j for j in journeys.JOURNEYS if j.kind == "chart").ready == journeys.CHART_SLIDER


class FakePage:
    """What measure_front asks of a Playwright page; `missing` selectors are not on it."""

    def __init__(self, missing: set[str]) -> None:
        self.missing = missing
        self.opened: list[str] = []

    def set_default_timeout(self, ms: float) -> None:
        pass

    def on(self, event: str, handler: object) -> None:
        pass

    def wait_for_selector(self, css: str, timeout: float) -> None:
        if css in self.missing:
            raise TimeoutError(f"waiting for {css}")


class FakeBrowser:
    def __init__(self, page: FakePage) -> None:
        self.page = page
        self.closed = 0

    def new_context(self, **options: object) -> FakeBrowser:
        return self

    def new_page(self) -> FakePage:
        return self.page

    def close(self) -> None:
        self.closed += 1


class FakeFront(journeys.Front):
    def show(self, page: FakePage, path: str) -> None:
        page.opened.append(path)

    def open(self, page: FakePage, page_name: str) -> None:
        self.show(page, self.path(page_name))


def test_a_front_measures_the_floor_then_every_journey_and_a_missing_chart_is_an_error_row(monkeypatch: pytest.MonkeyPatch) -> None:
    samples = {"floor": [10.0, 12.0], "filter": [1.0, 2.0], "choice": [4.0, 9.0], "language": [3.0, 4.0]}

    def fake_measure(page: FakePage, steps: list[object], *, name: str, **pacing: object) -> TimingResult:
        kind = "floor" if "floor" in name else next(j.kind for j in journeys.JOURNEYS if j.name in name)
        return TimingResult(name, list(samples[kind]))

    monkeypatch.setattr(journeys, "measure_steps", fake_measure)
    monkeypatch.setattr(harness, "wait_dom_quiet", lambda page, **kw: None)
    monkeypatch.setattr(harness, "assert_no_errors", lambda page: None)

    class Server:
        def shutdown_kernels(self) -> None:
            pass

    page = FakePage(missing={journeys.CHART_SLIDER})
    browser = FakeBrowser(page)
    rows = list(journeys.measure_front(browser, FakeFront("voila", Server())))
    assert page.opened == ["benchmarks/floor.ipynb", *(f"notebooks/{j.page}.ipynb" for j in journeys.JOURNEYS)]
    assert browser.closed == 1
    floor_row, filter_row, choice_row, language_row, chart_row = rows
    assert floor_row["kind"] == "floor" and floor_row["status"] == "reference: the kernel floor"
    assert filter_row["status"] == "pass" and filter_row["floor_ratio"] == round(1.5 / 11.0, 2) and filter_row["width_px"] == 390
    assert choice_row["status"] == "MISS +4 ms (1.8×)" and choice_row["target"] == "p95 ≤ 5 ms (instant in the browser)"
    assert language_row["status"] == "pass"
    assert chart_row["kind"] == "chart" and journeys.CHART_SLIDER in chart_row["error"] and "median_ms" not in chart_row
    normalized = [registry._normalize("widgets-browser", row) for row in rows]
    assert "ERROR" not in registry.readme_block(normalized, INFO) and journeys.CHART_SLIDER in registry.readme_block(normalized, INFO)
    assert registry.target_summary(normalized).splitlines()[0] == "Targets: 2 pass, 1 miss, 1 benchmark error(s)"


def test_the_static_front_serves_html_pages_and_blocks_what_is_not_local() -> None:
    front = journeys.StaticFront("static", server=None)
    assert front.path("02_channels") == "02_channels.html" and not front.kernel
    assert journeys.VoilaFront("voila", server=None).path("02_channels") == "notebooks/02_channels.ipynb"
    assert journeys.LabFront("lab", server=None).context == journeys.DESKTOP

    class Route:
        def __init__(self, url: str) -> None:
            self.request = type("Request", (), {"url": url})()
            self.done = ""

        def continue_(self) -> None:
            self.done = "continued"

        def abort(self) -> None:
            self.done = "aborted"

    local, remote = Route("http://127.0.0.1:8000/02_channels.html"), Route("https://cdn.example.org/x.js")
    for route in (local, remote):
        front.blocker._handle(route)
    assert (local.done, remote.done) == ("continued", "aborted") and front.blocker.blocked == ["https://cdn.example.org/x.js"]


def test_the_first_click_after_a_load_is_measured_on_fresh_pages_or_gives_an_error_row(monkeypatch: pytest.MonkeyPatch) -> None:
    steps_seen: list[int] = []

    def fake_measure(page: FakePage, steps: list[object], *, repetitions: int, warmup: int, **rest: object) -> TimingResult:
        steps_seen.append(len(steps))
        assert (repetitions, warmup) == (1, 0)
        return TimingResult("first", [7.0])

    monkeypatch.setattr(journeys, "measure_steps", fake_measure)
    monkeypatch.setattr(harness, "wait_dom_quiet", lambda page, **kw: None)
    language = next(j for j in journeys.JOURNEYS if j.kind == "language")
    page = FakePage(missing=set())
    browser = FakeBrowser(page)
    row = journeys.measure_first(browser, FakeFront("static", None, kernel=False), language, loads=3)
    assert row["n"] == 3 and row["p95_ms"] == 7.0 and row["status"] == "MISS +2 ms (1.4×)"
    assert steps_seen == [1, 1, 1] and browser.closed == 3 and page.opened == [f"notebooks/{language.page}.ipynb"] * 3

    def broken(page: FakePage, page_name: str) -> None:
        raise RuntimeError("page did not load\nsecond line")

    front = FakeFront("static", None, kernel=False)
    monkeypatch.setattr(front, "open", broken)
    row = journeys.measure_first(browser, front, language, loads=3)
    assert row["error"] == "RuntimeError: page did not load" and row["kind"] == "language"


def test_the_benchmark_host_sends_the_compressed_copy_a_browser_accepts(tmp_path: Path) -> None:
    import gzip
    import urllib.request

    from benchmarks import first_visit

    (tmp_path / "a.js").write_text("let a = 1;\n" * 100, encoding="utf-8")
    (tmp_path / "a.js.gz").write_bytes(gzip.compress((tmp_path / "a.js").read_bytes()))
    with first_visit.host(tmp_path) as base:
        packed = urllib.request.urlopen(urllib.request.Request(base + "a.js", headers={"Accept-Encoding": "br, gzip"}), timeout=10)
        assert packed.headers["Content-Encoding"] == "gzip" and packed.read() == (tmp_path / "a.js.gz").read_bytes()
        plain = urllib.request.urlopen(base + "a.js", timeout=10)
        assert plain.headers["Content-Encoding"] is None and plain.read() == (tmp_path / "a.js").read_bytes()
