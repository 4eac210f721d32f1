"""The real thing: every notebook in JupyterLab and in the Voila app, driven in Chromium.

Each journey clicks what a user clicks and asserts what a user sees: the channel list
switching from online to offline, the documents for the death scenario, the chart redrawn by
a slider, every label changing with the language switch.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import harness
import yibao

pytestmark = pytest.mark.browser

#: `make screenshots` (YIBAO_UPDATE_SCREENSHOTS=1) copies these into docs/screenshots for the README.
README_SHOTS = {
    ("lab", "02_channels"),
    ("voila", "03_withdrawal"),
    ("voila", "01_accounts"),
    ("voila", "06_year_of_care"),
}
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NOTEBOOKS = list(harness.WIDGETS_PER_NOTEBOOK)


def _path(name: str) -> str:
    return f"notebooks/{name}.ipynb"


def _assert_widgets_rendered(page, name: str) -> None:
    page.wait_for_selector(".yibao-language", timeout=60_000)
    assert page.locator(".yibao-explainer").count() == harness.WIDGETS_PER_NOTEBOOK[name]
    assert page.get_by_text("Error displaying widget").count() == 0


def _channel_names(page) -> list[str]:
    return page.locator(".yibao-channel-table tbody tr td:first-child b").all_inner_texts()


def _switch_offline_and_check(page) -> None:
    everything = yibao.filter_channels()
    page.wait_for_function("n => document.querySelectorAll('.yibao-channel-table tbody tr').length === n", arg=len(everything))
    page.locator(".yibao-choice-mode button", has_text="线下").click()
    offline = yibao.filter_channels("offline")
    page.wait_for_function("n => document.querySelectorAll('.yibao-channel-table tbody tr').length === n", arg=len(offline))
    assert _channel_names(page) == offline["name_zh"].tolist()
    page.locator(".yibao-choice-mode button", has_text="线上").click()
    online = yibao.filter_channels("online")
    page.wait_for_function("n => document.querySelectorAll('.yibao-channel-table tbody tr').length === n", arg=len(online))
    assert _channel_names(page) == online["name_zh"].tolist()
    page.locator(".yibao-choice-mode button", has_text="线下").click()
    page.wait_for_function("n => document.querySelectorAll('.yibao-channel-table tbody tr').length === n", arg=len(offline))


def _choose_death_and_check(page) -> None:
    settle = yibao.assess_withdrawal("settle_abroad")
    death = yibao.assess_withdrawal("death")
    page.locator(".yibao-choice-scenario label", has_text=settle.title).click()
    page.wait_for_function("t => document.querySelector('.yibao-withdrawal-result h2').innerText.includes(t)", arg=settle.title)
    page.locator(".yibao-choice-scenario label", has_text=death.title).click()
    page.wait_for_function("t => document.querySelector('.yibao-withdrawal-result h2').innerText.includes(t)", arg=death.title)
    shown = page.locator(".yibao-documents li").all_inner_texts()
    assert shown == death.documents
    assert page.locator(".yibao-verdict").inner_text() == death.verdict_label


# textContent, not innerText: JupyterLab skips rendering cells out of view, and their innerText is empty.
# The language toggle is an explainer too, but its text is the same in both languages.
# The live region (.yibao-live) is left out: it announces the last change, and a language switch
# empties it, so after a round trip it rightly differs.
_EXPLAINER_TEXTS_JS = (
    "() => [...document.querySelectorAll('.yibao-explainer')].filter(e => !e.querySelector('.yibao-language'))"
    ".map(e => [...e.childNodes].filter(n => !(n instanceof Element && n.matches('.yibao-live'))).map(n => n.textContent).join(''))"
)


def _switch_language_and_check(page) -> None:
    """中文 → English changes the text of every widget (the charts' titles and legends too); back restores it exactly."""
    harness.wait_dom_quiet(page, quiet_ms=300)
    chinese = page.evaluate(_EXPLAINER_TEXTS_JS)
    page.locator(".yibao-language button", has_text="English").click()
    page.wait_for_function(f"zh => ({_EXPLAINER_TEXTS_JS})().every((text, i) => text !== zh[i])", arg=chinese)
    harness.wait_dom_quiet(page, quiet_ms=300)  # every widget has changed; let the last updates land
    english = page.evaluate(_EXPLAINER_TEXTS_JS)
    first_words = ("Personal account", "Channel", "Situation", "Verdict", "Which insurance", "What it is", "Claim", "Dimension", "Region")
    assert any(word in english[0] for word in first_words), english[0]
    page.locator(".yibao-language button", has_text="中文").click()
    page.wait_for_function(
        f"zh => {{ const now = ({_EXPLAINER_TEXTS_JS})(); return now.length === zh.length && now.every((text, i) => text === zh[i]); }}",
        arg=chinese,
    )
    harness.wait_dom_quiet(page, quiet_ms=300)


def _move_chart_slider_and_check(page) -> None:
    """One step of the spending slider redraws the balance chart in the page."""
    before = page.locator("svg.yibao-chart").inner_html()
    page.locator("input.yibao-choice-spend").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("s => document.querySelector('svg.yibao-chart').innerHTML !== s", arg=before)


def _choose_an_operation_and_check(page) -> None:
    """The year of care computes in the page what Python's report() gives for the same choice."""
    from yibao import widgets as yw

    mirror = yw.year_of_care(yw.Language())
    mirror.preset = "one_operation"
    answer = mirror.report()["year"]["headline_zh"]
    page.locator("select.yibao-choice-preset").select_option("one_operation")
    page.wait_for_function("text => document.querySelector('.yibao-year-answer').textContent === text", arg=answer)
    assert page.locator(".yibao-bill").count() == len(mirror.bills)


def _keep_for_readme(session, app: str, name: str) -> None:
    """Screenshot the notebook's main widget; copy it to docs/screenshots when asked to."""
    session.page.locator(".yibao-explainer").last.scroll_into_view_if_needed()
    shot = session.screenshot(name)
    if (app, name) in README_SHOTS and os.environ.get("YIBAO_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT_DIR / f"{app}-{name}.png")


JOURNEYS = {
    "01_accounts": _move_chart_slider_and_check,
    "02_channels": _switch_offline_and_check,
    "03_withdrawal": _choose_death_and_check,
    "06_year_of_care": _choose_an_operation_and_check,
}


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_in_jupyterlab(lab, name: str) -> None:
    lab.open(_path(name))
    state = lab.run_all()
    assert state["pending"] == 0
    _assert_widgets_rendered(lab.page, name)
    if name in JOURNEYS:
        JOURNEYS[name](lab.page)
    _switch_language_and_check(lab.page)
    _keep_for_readme(lab, "lab", name)
    lab.assert_no_errors()
    assert lab.console_errors() == []


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_in_voila(voila, name: str) -> None:
    voila.open(_path(name))
    assert voila.page.locator(".jp-InputArea-editor").count() == 0, "the app must not show code"
    _assert_widgets_rendered(voila.page, name)
    if name in JOURNEYS:
        JOURNEYS[name](voila.page)
    _switch_language_and_check(voila.page)
    _keep_for_readme(voila, "voila", name)
    voila.assert_no_errors()
    assert voila.console_errors() == []


@pytest.mark.parametrize("lab_language", ["zh_CN"])
def test_jupyterlab_speaks_chinese(lab, lab_language: str) -> None:
    lab.open(_path("00_start_here"))
    assert "内核" in lab.page.locator("#jp-MainMenu").inner_text()
