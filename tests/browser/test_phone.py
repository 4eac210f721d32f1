"""Every page of the app on a phone (390×844, touch) and on a desktop (1280×800), measured in Chromium.

The Voila app is started as ``make app`` starts it (the notebooks folder, the app's template, a
kernel pool); JupyterLab runs each notebook (Run All) at 1280 px.  Checks are generic: they look
at whatever ``.yibao-explainer`` roots a page has.  Each page's findings are also written to
``tests/artifacts/phone-<app>-<page>-<width>.json`` next to its full-page screenshot.

What "deliberately scrolls" means for the overflow check: an element with class ``yibao-scroll``,
``overflow-x: auto|scroll``, and a visible ``.yibao-scroll-cue`` in its parent (e.g. "← 左右滑动 →").
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import harness

pytestmark = pytest.mark.browser

NOTEBOOKS_DIR = harness.REPO_ROOT / "notebooks"
PAGES = sorted(p.stem for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE_WIDTH, COLUMN_BELOW = 390, 600
MIN_TAP_PX, MIN_TEXT_PX, MIN_CHART_TEXT_PX = 44, 14, 11
LOCAL_HOSTS = {"127.0.0.1"}
HOME_SCREENSHOT = harness.REPO_ROOT / "docs" / "screenshots" / "voila-home-phone.png"
#: Words of the notebook world that must not reach an app visitor.
LAB_HINTS = ("Run All", "运行所有单元格", "JupyterLab")


def _page_meta(name: str) -> dict[str, str]:
    notebook = json.loads((NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    return dict(notebook["metadata"]["yibao"])


# --- what a page measures -----------------------------------------------------------------------

_MEASURE_JS = r"""
({phone, columnBelow, markdown}) => {
  const visible = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && parts.length < 4; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + [...e.classList].slice(0, 3).map(c => '.' + c).join(''));
      if (e.classList.contains('yibao-explainer')) break;
    }
    return parts.join(' > ');
  };
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height};
  };
  const roots = [...document.querySelectorAll('.yibao-explainer')];
  const inside = (selector) => roots.flatMap(r => [...r.querySelectorAll(selector)]).filter(visible);
  const out = {explainers: roots.length, rendered: roots.filter(visible).length, page_overflow: null,
               overflow: [], columns: [], overlap: [], small_targets: [], small_text: [], headings: [], charts: []};

  const doc = document.documentElement;
  if (doc.scrollWidth > innerWidth + 1) out.page_overflow = {scrollWidth: doc.scrollWidth, innerWidth};

  // No clipped or spilling content inside a widget box, unless it is a scroller with a visible cue.
  for (const root of roots) for (const el of [root, ...root.querySelectorAll('*')]) {
    // A slider's handle hangs over the end of its track by design.
    if (!visible(el) || el.matches('.noUi-base, .noUi-origin, .noUi-connects')) continue;
    const s = getComputedStyle(el);
    if (s.display === 'inline' || el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
    const cue = el.parentElement && el.parentElement.querySelector(':scope > .yibao-scroll-cue');
    if (el.classList.contains('yibao-scroll') && ['auto', 'scroll'].includes(s.overflowX) && cue && visible(cue)) continue;
    out.overflow.push({el: describe(el), scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, overflowX: s.overflowX});
  }

  // One column of controls below 600 px: no two controls side by side.
  if (innerWidth < columnBelow) {
    const controls = inside('select, textarea, input[type=range], input[type=text], input[type=number], input:not([type]),'
      + ' .noUi-target, .widget-radio-box, .yibao-radio, .widget-toggle-buttons, .yibao-seg, .yibao-chips');
    for (let i = 0; i < controls.length; i++) for (let j = i + 1; j < controls.length; j++) {
      const a = controls[i], b = controls[j];
      if (a.contains(b) || b.contains(a)) continue;
      const ra = box(a), rb = box(b);
      const shared = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      const apart = ra.right <= rb.left + 0.5 || rb.right <= ra.left + 0.5;
      if (apart && shared > 0.5 * Math.min(ra.height, rb.height))
        out.columns.push({a: describe(a), b: describe(b), a_box: ra, b_box: rb});
    }
  }

  // A radio/checkbox sits beside the first line of its own label and never under its text.
  for (const input of inside('input[type=radio], input[type=checkbox]')) {
    const label = input.closest('label') || (input.labels && input.labels[0]);
    if (!label) { out.overlap.push({el: describe(input), why: 'no label'}); continue; }
    const rects = [];
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim()) continue;
      const range = document.createRange(); range.selectNodeContents(n);
      rects.push(...[...range.getClientRects()].filter(r => r.width > 0));
    }
    const ri = box(input);
    if (!rects.length) { out.overlap.push({el: describe(label), why: 'label has no visible text'}); continue; }
    const hit = rects.some(r => ri.left < r.right - 0.5 && r.left < ri.right - 0.5 && ri.top < r.bottom - 0.5 && r.top < ri.bottom - 0.5);
    const first = rects[0], middle = (ri.top + ri.bottom) / 2;
    const beside = middle >= first.top - 4 && middle <= first.bottom + 4 && first.left >= ri.right - 0.5 && first.left - ri.right < 32;
    if (hit || !beside)
      out.overlap.push({el: describe(label), why: hit ? 'control under the text' : 'control not beside its first line',
                        text: label.innerText.trim().slice(0, 40), input: ri, first_line: box({getBoundingClientRect: () => first})});
  }

  // A text label whose box overlaps by more than 4 px a control it does not contain (a label printed over a slider).
  out.label_boxes_over_controls = [];
  const labels = inside('.widget-label, .yibao-label, label');
  const controls = inside('.noUi-handle, input:not([type=hidden]), select, button, textarea');
  for (const l of labels) for (const c of controls) {
    if (l.contains(c) || c.contains(l) || !l.innerText.trim()) continue;
    const a = box(l), b = box(c);
    if (a.left < b.right - 4 && b.left < a.right - 4 && a.top < b.bottom - 4 && b.top < a.bottom - 4)
      out.label_boxes_over_controls.push({el: describe(l), text: l.innerText.trim().slice(0, 40), control: describe(c)});
  }

  // Tap targets at phone size.
  if (phone) {
    const targets = inside('button, select, textarea, input:not([type=radio]):not([type=checkbox]):not([type=hidden]),'
      + ' .noUi-handle, .ui-slider-handle, summary');
    for (const input of inside('input[type=radio], input[type=checkbox]')) {
      const label = input.closest('label') || (input.labels && input.labels[0]);
      targets.push(label && visible(label) ? label : input);
    }
    for (const el of new Set(targets)) {
      const h = el.getBoundingClientRect().height;
      const text = (el.innerText || el.value || '').trim().slice(0, 30);
      if (h < 44 - 0.5) out.small_targets.push({el: describe(el), height: Math.round(h * 10) / 10, text});
    }
  }

  // Text: body text at least 14 px; each heading larger than the body text around it.
  const scopes = [...roots, ...(markdown ? document.querySelectorAll('.jp-MarkdownOutput, .jp-RenderedMarkdown') : [])].filter(visible);
  const isHeading = (el) => !!el.closest('h1, h2, h3, h4, h5, h6');
  const sizes = (scope) => {
    const chars = new Map(); const small = [];
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim(), el = n.parentElement;
      // Chart text (SVG) is judged by its own rule below (≥ 11 px as drawn).
      if (!text || !el || !visible(el) || el.closest('style, script, svg')) continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (!isHeading(el)) chars.set(px, (chars.get(px) || 0) + text.length);
      if (px < 14 - 0.01) small.push({el: describe(el), px, text: text.slice(0, 30)});
    }
    return {chars, small};
  };
  const pageChars = new Map(); const perScope = new Map();
  for (const scope of scopes) {
    const found = sizes(scope); perScope.set(scope, found.chars);
    for (const [px, n] of found.chars) pageChars.set(px, (pageChars.get(px) || 0) + n);
    for (const s of found.small) if (!out.small_text.some(t => t.el === s.el && t.px === s.px)) out.small_text.push(s);
  }
  const mode = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(e => e[0])[0];
  const pageBody = mode(pageChars) || 16;
  for (const scope of scopes) {
    const body = mode(perScope.get(scope)) || pageBody;
    for (const h of scope.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
      if (!visible(h)) continue;
      const px = parseFloat(getComputedStyle(h).fontSize);
      if (px <= body) out.headings.push({el: describe(h), px, body, text: h.innerText.trim().slice(0, 30)});
    }
  }

  // Chart text as drawn: its font size times the SVG's scale on screen (a viewBox may shrink it).
  for (const text of inside('svg.yibao-chart text')) {
    const ctm = text.getScreenCTM();
    const scale = ctm ? Math.hypot(ctm.a, ctm.b) : 1;
    out.charts.push({text: text.textContent.slice(0, 30), px: Math.round(parseFloat(getComputedStyle(text).fontSize) * scale * 10) / 10});
  }
  return out;
}
"""

_APP_JS = r"""
(hints) => {
  const text = document.body.innerText;
  // Plain text a cell printed (a stream or a text/plain result), outside any widget.
  const raw = [...document.querySelectorAll('.jp-OutputArea-output')].filter(el =>
    !el.closest('.yibao-explainer, .jupyter-widgets')
    && (el.matches('.jp-RenderedText, [data-mime-type="text/plain"], [data-mime-type^="application/vnd.jupyter.std"]')
        || el.querySelector('.jp-RenderedText'))
    && el.innerText.trim() !== '' && getComputedStyle(el).display !== 'none');
  return {
    title: document.title,
    lang: document.documentElement.lang,
    hints: hints.filter(h => text.includes(h)),
    raw_outputs: raw.map(el => (el.getAttribute('data-mime-type') || '?') + ': ' + el.innerText.trim().slice(0, 60)),
    code: document.querySelectorAll('.jp-InputArea-editor, .CodeMirror, .cm-editor').length,
    loading: window.__yibaoLoading || [],
  };
}
"""

#: Records every text the loading screen shows, from the first byte of the page.
_LOADING_INIT = r"""
window.__yibaoLoading = [];
new MutationObserver(() => {
  const el = document.getElementById('loading_text');
  const t = el && el.textContent.trim();
  if (t && window.__yibaoLoading[window.__yibaoLoading.length - 1] !== t) window.__yibaoLoading.push(t);
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def _problems(found: dict[str, Any], *, phone: bool) -> dict[str, Any]:
    """The failed checks of one page (empty when it passes), chart text size computed here."""
    chart_px = [c["px"] for c in found["charts"]]
    problems = {
        "not rendered": found["explainers"] != found["rendered"] or found["explainers"] == 0,
        "page wider than the screen": found["page_overflow"],
        "overflowing widget boxes": found["overflow"],
        "controls side by side": found["columns"],
        "labels overlapping controls": found["overlap"],
        "label boxes over controls": found["label_boxes_over_controls"],
        "tap targets under 44 px": found["small_targets"] if phone else [],
        "text under 14 px": found["small_text"],
        "headings not larger than body": found["headings"],
        "chart text under 11 px": [px for px in chart_px if px < MIN_CHART_TEXT_PX],
    }
    return {k: v for k, v in problems.items() if v}


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app_server(tmp_path_factory: pytest.TempPathFactory, _mplconfigdir: Path) -> Iterator[harness.JupyterServer]:
    """The app as ``make app`` serves it: the notebooks folder, the template, a pool of one kernel per page."""
    server = harness.start_voila(tmp_path_factory.mktemp("phone-app"), root_dir=NOTEBOOKS_DIR, mplconfigdir=_mplconfigdir, pool=1)
    try:
        yield server
    finally:
        server.stop()


class _Visit:
    """A browser context of one size that blocks and counts every request leaving 127.0.0.1."""

    def __init__(self, browser: Any, size: dict[str, Any]) -> None:
        self.context = browser.new_context(locale="zh-CN", **size)
        self.blocked: list[str] = []
        self.context.route("**/*", self._route)
        self.context.add_init_script(_LOADING_INIT)
        self.page = self.context.new_page()
        self.page.set_default_timeout(60_000)
        self.page.on("dialog", lambda d: d.accept() if d.type == "beforeunload" else d.dismiss())

    def _route(self, route: Any) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    visits: list[_Visit] = []

    def make(size: dict[str, Any]) -> _Visit:
        visits.append(_Visit(browser, size))
        return visits[-1]

    yield make
    for v in visits:
        v.close()


def _screenshot(page: Any, name: str) -> Path:
    """The whole page: Voila scrolls inside ``#rendered_cells``, so the window grows to its height for the picture."""
    size = page.viewport_size
    height = page.evaluate("() => { const el = document.getElementById('rendered_cells'); return el ? el.scrollHeight : 0; }")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(height, 16_000))})
    try:
        harness.wait_dom_quiet(page, quiet_ms=300)
        return harness.screenshot(page, name)
    finally:
        page.set_viewport_size(size)


def _record(name: str, found: dict[str, Any]) -> None:
    harness.ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    (harness.ARTIFACTS_DIR / f"{name}.json").write_text(json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8")


def _open_app_page(v: _Visit, server: harness.JupyterServer, name: str) -> None:
    v.page.goto(server.url(f"/voila/render/{name}.ipynb"))
    _wait_rendered(v.page)


def _wait_rendered(page: Any) -> None:
    page.wait_for_function(
        "() => !document.getElementById('loading') && !!document.getElementById('rendered_cells')"
        " && document.getElementById('rendered_cells').style.display !== 'none'"
        " && document.querySelectorAll('.yibao-explainer').length > 0",
    )
    harness.wait_dom_quiet(page, quiet_ms=500)


def _language_button(page: Any, lang: str) -> Any:
    return page.locator(".yibao-language button").nth(0 if lang == "zh" else 1)


# --- the tests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("name", PAGES)
def test_app_page_fits(visit, app_server: harness.JupyterServer, name: str, size: str) -> None:
    phone = size == "phone"
    v = visit(PHONE if phone else DESKTOP)
    _open_app_page(v, app_server, name)
    width = PHONE_WIDTH if phone else 1280
    found = v.page.evaluate(_MEASURE_JS, {"phone": phone, "columnBelow": COLUMN_BELOW, "markdown": True})
    app = v.page.evaluate(_APP_JS, list(LAB_HINTS))
    meta = _page_meta(name)
    problems = _problems(found, phone=phone)
    if app["title"] != meta["title_zh"] or app["lang"] != "zh-CN":
        problems["tab title"] = f"{app['title']!r} ({app['lang']}), expected {meta['title_zh']!r}"
    for key in ("hints", "raw_outputs"):
        if app[key]:
            problems[key] = app[key]
    if app["code"]:
        problems["code shown"] = app["code"]
    english = [t for t in app["loading"] if re.search(r"[A-Za-z]{3,}", t)]
    if english:
        problems["English loading text"] = english
    if v.blocked:
        problems["non-local requests"] = v.blocked
    if phone and name == PAGES[0] and not problems and os.environ.get("YIBAO_UPDATE_SCREENSHOTS") == "1":  # the README's phone picture
        HOME_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        v.page.screenshot(path=str(HOME_SCREENSHOT), full_page=False)
    _screenshot(v.page, f"phone-voila-{name}-{width}")
    _record(f"phone-voila-{name}-{width}", {"found": found, "app": app, "blocked": v.blocked, "problems": problems})
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)[:6000]


def test_language_and_title_follow_the_visitor_across_pages(visit, app_server: harness.JupyterServer) -> None:
    """English chosen on one page: the tab title follows at once, and the next page opens in English."""
    v = visit(PHONE)
    first, second = PAGES[0], PAGES[1]
    _open_app_page(v, app_server, first)
    assert v.page.title() == _page_meta(first)["title_zh"]
    _language_button(v.page, "en").click()
    v.page.wait_for_function("t => document.title === t && document.documentElement.lang === 'en'", arg=_page_meta(first)["title_en"])
    link = v.page.locator(f"#rendered_cells a[href*='{second}.ipynb']:visible").first  # the link in the page's language
    assert link.get_attribute("target") in (None, "_self"), "links stay in the same tab"
    link.click()
    v.page.wait_for_url(f"**/{second}.ipynb*")
    _wait_rendered(v.page)
    assert v.page.title() == _page_meta(second)["title_en"]
    assert _language_button(v.page, "en").get_attribute("aria-pressed") == "true" or "mod-active" in (
        _language_button(v.page, "en").get_attribute("class") or ""
    )
    loading = v.page.evaluate("() => window.__yibaoLoading || []")
    assert not [t for t in loading if re.search(r"[\u4e00-\u9fff]", t)], f"Chinese loading text on an English page: {loading}"
    _language_button(v.page, "zh").click()
    v.page.wait_for_function("t => document.title === t && document.documentElement.lang === 'zh-CN'", arg=_page_meta(second)["title_zh"])
    assert v.blocked == []


def test_app_address_opens_the_home_page(visit, app_server: harness.JupyterServer) -> None:
    v = visit(PHONE)
    v.page.goto(app_server.url("/"))
    v.page.wait_for_url(f"**/voila/render/{PAGES[0]}.ipynb*")
    _wait_rendered(v.page)
    assert v.page.title() == _page_meta(PAGES[0])["title_zh"]
    assert "Select items to open" not in v.page.locator("body").inner_text()
    assert v.blocked == []


@pytest.mark.parametrize("name", PAGES)
def test_lab_page_fits_on_a_desktop(visit, lab_server: harness.JupyterServer, name: str) -> None:
    """JupyterLab at 1280 px after Run All: the widgets fit, nothing leaves 127.0.0.1, no raw output."""
    v = visit(DESKTOP)
    try:
        harness.open_lab_notebook(v.page, lab_server, f"notebooks/{name}.ipynb")
        harness.lab_run_all(v.page)
        found = v.page.evaluate(_MEASURE_JS, {"phone": False, "columnBelow": COLUMN_BELOW, "markdown": False})
        app = v.page.evaluate(_APP_JS, [])
    finally:
        lab_server.shutdown_kernels()
    harness.screenshot(v.page, f"phone-lab-{name}-1280")  # Lab scrolls its notebook panel: the view after Run All
    problems = _problems(found, phone=False)  # text sizes inside the explainers only: Lab's own UI is Lab's
    if app["raw_outputs"]:
        problems["raw_outputs"] = app["raw_outputs"]
    if v.blocked:
        problems["non-local requests"] = v.blocked
    _record(f"phone-lab-{name}-1280", {"found": found, "app": app, "blocked": v.blocked, "problems": problems})
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)[:6000]
