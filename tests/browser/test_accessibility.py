"""Accessibility on every front: axe-core finds nothing on any page, before and after a choice.

Every project page, on the static site (from a local server), in the Voila app (phone and desktop
widths) and in JupyterLab after Run All (desktop; there axe looks at the notebook's cells, not at
JupyterLab's own chrome). axe-core is pinned in package.json (``harness.axe``).
"""

from __future__ import annotations

from typing import Any

import pytest

import harness
from benchmarks import pages as bench_pages
from benchmarks import static_site as ss
from benchmarks.notebooks import WIDGETS_PER_NOTEBOOK
from harness import axe

pytestmark = pytest.mark.browser

PAGES = list(WIDGETS_PER_NOTEBOOK)
FRONTS = [("static", "phone"), ("static", "desktop"), ("voila", "phone"), ("voila", "desktop"), ("lab", "desktop")]

#: A first choice on the page, as a visitor makes it: the first option not chosen yet of the first
#: explainer that offers one (after the language switch), by keyboard.
_CHOOSE_JS = """
() => {
  const explainers = [...document.querySelectorAll('.yibao-explainer')].filter((el) => !el.querySelector('.yibao-language'));
  for (const el of explainers) {
    const button = el.querySelector('.yibao-controls button[aria-pressed="false"], .yibao-controls input[type="radio"]:not(:checked)');
    if (button) { button.focus(); return button.dataset.focus || 'radio'; }
    const select = el.querySelector('.yibao-controls select');
    if (select) { select.focus(); return 'select'; }
  }
  return null;
}
"""


#: JupyterLab shows a notebook's cells in a virtual list (cells out of view leave the page), so the
#: page's outline there is not the notebook's: the order of headings is checked on the other fronts.
LAB_SKIP = ("heading-order",)


def open_page(front: str, page: Any, name: str, request: pytest.FixtureRequest) -> list[str]:
    """Open ``name`` on ``front`` once its explainers are drawn; returns what axe looks at (all: [])."""
    if front == "static":
        server = request.getfixturevalue("static_server")
        ss.load(page, server.url + f"{name}.html", WIDGETS_PER_NOTEBOOK[name])
        return []
    if front == "voila":
        harness.open_voila(page, request.getfixturevalue("voila_server"), f"notebooks/{name}.ipynb")
        return []
    server = request.getfixturevalue("lab_server")
    harness.open_lab_notebook(page, server, f"notebooks/{name}.ipynb")
    harness.lab_run_all(page)
    return [".jp-Notebook .jp-OutputArea", ".jp-Notebook .jp-MarkdownOutput"]


def choose_something(page: Any) -> str | None:
    """Make a first choice by keyboard (Space on a button or radio, ArrowDown in a list); what was chosen."""
    chosen = page.evaluate(_CHOOSE_JS)
    if chosen is None:
        return None
    page.keyboard.press("ArrowDown" if chosen == "select" else "Space")
    harness.wait_dom_quiet(page, quiet_ms=300)
    return chosen


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(("front", "size"), FRONTS, ids=["-".join(f) for f in FRONTS])
def test_no_axe_violations(browser: Any, request: pytest.FixtureRequest, front: str, size: str, name: str) -> None:
    context = browser.new_context(viewport=bench_pages.VIEWPORTS[size], locale="zh-CN")
    try:
        page = context.new_page()
        page.set_default_timeout(120_000)
        include = open_page(front, page, name, request)
        skip = LAB_SKIP if front == "lab" else ()
        drawn = axe.violations(page, include, skip)
        assert drawn == [], f"{front} {size} {name}, as drawn:\n{axe.summary(drawn)}"
        chosen = choose_something(page)
        after = axe.violations(page, include, skip)
        assert after == [], f"{front} {size} {name}, after choosing {chosen}:\n{axe.summary(after)}"
        harness.screenshot(page, f"a11y-{front}-{size}-{name}")
    finally:
        context.close()
        if front == "lab":
            request.getfixturevalue("lab_server").shutdown_kernels()
