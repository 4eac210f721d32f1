"""The README's commands themselves: `make lab` opens 00_start_here.ipynb, `make app` serves the app.

The other browser tests start servers through the harness, which builds the same command lines
(``yibao.serve.servers``); these run the real Make targets once, as a new user would.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import harness

pytestmark = pytest.mark.browser

NOTEBOOKS = list(harness.WIDGETS_PER_NOTEBOOK)


@pytest.fixture
def make_target(request: pytest.FixtureRequest, tmp_path) -> Iterator[harness.JupyterServer]:
    server = harness.start_make_target(request.param, tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("make_target", ["lab"], indirect=True)
def test_make_lab_opens_the_first_notebook_in_the_browsers_language(browser, make_target) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(make_target.url("/"))  # what the printed link leads to
        page.wait_for_function("() => window.location.pathname.endsWith('/lab/tree/notebooks/00_start_here.ipynb')", timeout=60_000)
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=120_000)
        tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current").inner_text()
        assert "00_start_here.ipynb" in tab
        assert "内核" in page.locator("#jp-MainMenu").inner_text()  # Lab's own UI in Chinese
        harness.screenshot(page, "make-lab")
    finally:
        context.close()
    log = make_target.log_text()
    assert "yibao.serve.nodelay: enabled" in log and "yibao.serve.lab_language: enabled" in log, log[-3000:]


@pytest.mark.parametrize("make_target", ["app"], indirect=True)
def test_make_app_serves_the_notebooks_without_code(browser, make_target) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(make_target.url("/"))  # the app's address opens its home page, not a file list
        page.wait_for_url("**/voila/render/00_start_here.ipynb*", timeout=60_000)
        home = json.loads((harness.REPO_ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))
        assert page.title() == home["metadata"]["yibao"]["title_zh"]  # a human title, not a file name
        page.wait_for_selector(".yibao-explainer", timeout=120_000)
        harness.wait_dom_quiet(page, quiet_ms=500)
        assert page.locator(".yibao-explainer").count() == harness.WIDGETS_PER_NOTEBOOK["00_start_here"]
        assert page.locator("text=运行所有单元格").count() == 0, "JupyterLab hints are left out of the app"
        assert page.locator(".jp-InputArea-editor").count() == 0, "the app must not show code"
        harness.assert_no_errors(page)
        harness.screenshot(page, "make-app")
        # The story's own links lead from notebook to notebook inside the app.
        page.locator("a", has_text="02 查询渠道").first.click()
        page.wait_for_url("**/voila/render/02_channels.ipynb*", timeout=60_000)
        page.wait_for_selector(".yibao-channel-table table", timeout=120_000)
        harness.assert_no_errors(page)
        page.goto("about:blank")
    finally:
        context.close()
    assert make_target.nodelay_count() >= 1
    assert "Culling kernels with idle durations > 300 seconds" in make_target.log_text()
