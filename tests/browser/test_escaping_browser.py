"""Hostile data in the real app: the Voila pages show it as text and run none of it.

A Voila server of its own serves a copy of the notebooks with ``YIBAO_DATA_DIR`` pointing at
the hostile copy of ``data/`` built by ``tests/test_escaping.make_hostile`` (``<script>``,
``<img onerror=…>``, quotes, Markdown with ``javascript:`` links in every text cell;
``javascript:`` source URLs). Its kernels also run with the no-network guard of
``tests/_notebook_runs`` (outbound connections refused and recorded), so the app is shown to
work offline too. For every notebook, before and after driving the widgets:
- ``window.__pwned`` is undefined (no script, no ``onerror`` handler ran);
- no ``<img src=x>``, no script element with the payload, no ``javascript:`` link exists;
- the hostile strings are visible literally in the page text (tables, steps, option labels).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import harness

from .. import _notebook_runs as nr
from ..test_escaping import IMG, MARKDOWN, QUOTES, SCRIPT, make_hostile

pytestmark = pytest.mark.browser

NOTEBOOKS = [p.stem for p in nr.NOTEBOOKS]

_PAGE_STATE_JS = """
() => ({
  pwned: typeof window.__pwned !== 'undefined',
  text: document.body.innerText,
  images: document.querySelectorAll('img[src="x"]').length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
  handlers: [...document.querySelectorAll('*')]
    .filter(e => [...e.attributes].some(a => a.name.startsWith('on') && a.value.includes('__pwned'))).length,
  jsLinks: [...document.querySelectorAll('a[href]')].filter(a => /^\\s*(javascript|data):/i.test(a.getAttribute('href'))).length,
  options: [...document.querySelectorAll('option, label, button')].map(e => e.textContent).filter(t => t.includes('<script>')).length,
  explainers: document.querySelectorAll('.yibao-explainer').length,
})
"""


@pytest.fixture(scope="module")
def hostile_voila(tmp_path_factory: pytest.TempPathFactory, _mplconfigdir: Path) -> Iterator[harness.JupyterServer]:
    root = tmp_path_factory.mktemp("hostile-app")
    data = make_hostile(root / "data")
    shutil.copytree(nr.NOTEBOOK_DIR, root / "notebooks")
    server_dir = tmp_path_factory.mktemp("hostile-voila")
    startup = server_dir / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-yibao-guard.py").write_text(nr.GUARD, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("YIBAO_DATA_DIR", str(data))
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(nr.ROOT), os.environ.get("PYTHONPATH")])))
        server = harness.start_voila(server_dir, root_dir=root, nodelay=True, mplconfigdir=_mplconfigdir)
    try:
        yield server
    finally:
        server.stop()


def _state(page: Any) -> dict[str, Any]:
    harness.wait_dom_quiet(page, quiet_ms=700)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")  # rules and sources, one tap away
    return page.evaluate(_PAGE_STATE_JS)


def _assert_inert(state: dict[str, Any], where: str) -> None:
    assert not state["pwned"], f"{where}: hostile data ran (window.__pwned is set)"
    assert state["images"] == 0, f"{where}: an <img src=x> from the data was created"
    assert state["scripts"] == 0, f"{where}: a <script> from the data is in the DOM"
    assert state["handlers"] == 0, f"{where}: an on* attribute from the data is in the DOM"
    assert state["jsLinks"] == 0, f"{where}: a javascript:/data: link is in the DOM"


def _assert_literal(state: dict[str, Any], where: str) -> None:
    for text in (SCRIPT, IMG, QUOTES, MARKDOWN):
        assert text in state["text"], f"{where}: {text!r} is not shown literally"


def _drive(page: Any, name: str) -> None:
    """Click what a user clicks, so outputs built after the first render are checked too."""
    if name == "02_channels":
        page.locator(".yibao-choice-mode button").nth(2).click()
        page.locator(".yibao-choice-mode button").nth(0).click()
    elif name == "03_withdrawal":
        labels = page.locator(".yibao-choice-scenario label")
        for index in range(min(labels.count(), 3)):
            labels.nth(index).click()
    elif name == "01_accounts":
        handle = page.locator(".yibao-spend [role=slider], .yibao-spend .noUi-handle").first
        if handle.count():
            handle.focus()
            page.keyboard.press("ArrowRight")
    language = page.locator(".yibao-language button").nth(1)
    if language.count():
        language.click()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_hostile_data_is_inert_and_literal_in_voila(page: Any, hostile_voila: harness.JupyterServer, name: str) -> None:
    harness.open_voila(page, hostile_voila, f"notebooks/{name}.ipynb")
    harness.assert_no_errors(page)
    first = _state(page)
    assert first["explainers"] >= 1, "no yibao widget rendered"
    _assert_inert(first, f"{name} (first render)")
    _assert_literal(first, f"{name} (first render)")
    if name in ("02_channels", "03_withdrawal", "01_accounts"):
        assert first["options"] >= 1, f"{name}: no option label shows the hostile text literally"
    _drive(page, name)
    after = _state(page)
    _assert_inert(after, f"{name} (after interaction)")
    _assert_literal(after, f"{name} (after interaction)")
    harness.screenshot(page, f"escaping-{name}")
    harness.assert_no_errors(page)
