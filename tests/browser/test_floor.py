"""The harness itself works: the floor notebook round-trips a click in Lab and in Voila."""

from __future__ import annotations

import pytest

import harness

pytestmark = pytest.mark.browser

FLOOR = "benchmarks/floor.ipynb"
TABLE = ".floor-table table"
BUTTON_B = ".floor-toggle button:has-text('B')"


def _rows(page) -> list[str]:
    return page.locator(f"{TABLE} tr").all_inner_texts()


def _click_b_and_check(page) -> None:
    page.wait_for_selector(f"{TABLE}[data-option='A']")
    before = _rows(page)
    assert [r.split() for r in before] == [["row", "1", "A-1"], ["row", "2", "A-2"]]
    page.locator(BUTTON_B).click()
    page.wait_for_selector(f"{TABLE}[data-option='B']", timeout=15_000)
    after = _rows(page)
    assert after != before
    assert [r.split() for r in after] == [["row", "1", "B-1"], ["row", "2", "B-2"]]


@pytest.mark.parametrize("lab_language", ["en", "zh_CN"])
def test_floor_in_lab(lab, lab_language: str) -> None:
    lab.open(FLOOR)
    state = lab.run_all()
    assert state["cells"] == 1 and state["pending"] == 0
    # The UI language really is the one asked for (the Kernel menu is 内核 in Chinese).
    menu = lab.page.locator("#jp-MainMenu").inner_text()
    assert ("内核" in menu) == (lab_language == "zh_CN"), menu
    _click_b_and_check(lab.page)
    lab.screenshot("after-click")
    lab.assert_no_errors()
    assert lab.console_errors() == []
    assert lab.server.nodelay_count() >= 1, "nodelay extension did not touch the kernel websocket"


def test_floor_in_voila(voila) -> None:
    voila.open(FLOOR)
    # Voila hides code cells: no input area is rendered.
    assert voila.page.locator(".jp-InputArea-editor").count() == 0
    _click_b_and_check(voila.page)
    voila.screenshot("after-click")
    voila.assert_no_errors()
    assert voila.console_errors() == []
    assert voila.server.nodelay_count() >= 1, "nodelay connection class did not touch the kernel websocket"


def test_error_detection_works(page) -> None:
    """page_errors() must see what a failing notebook shows (else the other tests prove nothing)."""
    page.set_content(
        '<div class="jp-OutputArea-output" data-mime-type="application/vnd.jupyter.stderr">boom</div>'
        "<div>Error displaying widget: model not found</div>"
    )
    errors = harness.page_errors(page)
    assert any("boom" in e for e in errors)
    assert any("Error displaying widget" in e for e in errors)
