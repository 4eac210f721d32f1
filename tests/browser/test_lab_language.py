"""JupyterLab's own UI is in Chinese when the browser prefers Chinese, English otherwise."""

from __future__ import annotations

import pytest

import harness

pytestmark = pytest.mark.browser


def _menu_text(browser, server: harness.JupyterServer, locale: str) -> str:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    try:
        page = context.new_page()
        page.goto(server.url("/lab", reset=""))
        page.wait_for_selector("#jp-MainMenu .lm-MenuBar-itemLabel", timeout=60_000)
        return page.locator("#jp-MainMenu").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize(("browser_locale", "kernel_menu"), [("zh-CN", "内核"), ("en-US", "Kernel")])
def test_lab_ui_follows_the_browser_language(browser, lab_server, browser_locale: str, kernel_menu: str) -> None:
    lab_server.set_language("browser")  # Lab's own "default" setting, as a new user has it
    menu = _menu_text(browser, lab_server, browser_locale)
    assert kernel_menu in menu, menu
    assert ("Kernel" in menu) == (kernel_menu == "Kernel"), menu
    assert "yibao.serve.lab_language: enabled" in lab_server.log_text()


def test_a_language_chosen_in_lab_settings_wins(browser, lab_server) -> None:
    lab_server.set_language("en")
    assert "Kernel" in _menu_text(browser, lab_server, "zh-CN")
