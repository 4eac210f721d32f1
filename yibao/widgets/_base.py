"""Shared pieces of the widget builders: the language switch, safe HTML, error handling."""

from __future__ import annotations

import html
import logging
import time
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import ipywidgets as w
import traitlets

from ..i18n import LANGS, t
from ..inputs import AmountError, parse_amount
from ..regions import region_records

log = logging.getLogger("yibao.widgets")


class Language(traitlets.HasTraits):
    """The page language; every builder observes one of these (``"zh"`` or ``"en"``)."""

    value = traitlets.Enum(LANGS, default_value="zh")


#: The language shared by every widget built without an explicit ``language=``.
PAGE_LANGUAGE = Language()


def language_switch(language: Language | None = None) -> w.ToggleButtons:
    """A zh/en switch that relabels every widget observing ``language`` (default: the page's)."""
    language = language or PAGE_LANGUAGE
    switch = w.ToggleButtons(
        options=[("中文", "zh"), ("English", "en")],
        value=language.value,
        description="语言 / Language",
        style={"description_width": "initial", "button_width": "6em"},
    )
    switch.add_class("yibao-language")
    traitlets.link((switch, "value"), (language, "value"))
    return switch


class Safe(str):
    """HTML built by this package from escaped parts; everything else gets escaped."""


def esc(value: object) -> Safe:
    """Escape ``value`` for HTML unless it is already :class:`Safe`."""
    return value if isinstance(value, Safe) else Safe(html.escape(str(value), quote=True))


def tag(name: str, content: object = "", **attrs: object) -> Safe:
    """``<name attr="…">content</name>`` with attributes and content escaped."""
    attributes = "".join(f' {key.rstrip("_").replace("_", "-")}="{esc(value)}"' for key, value in attrs.items() if value is not None)
    return Safe(f"<{name}{attributes}>{esc(content)}</{name}>")


def join(parts: Iterable[object], separator: str = "") -> Safe:
    return Safe(esc(separator).join(esc(p) for p in parts))


def listing(items: Iterable[str], lang: str) -> str:
    """Items joined the way each language lists them (顿号 in Chinese)."""
    return ("、" if lang == "zh" else ", ").join(items)


def bullet_list(items: Sequence[object], empty: str) -> Safe:
    if not items:
        return tag("p", empty, class_="yibao-empty")
    return tag("ul", join(tag("li", item) for item in items))


def table(headers: Sequence[object], rows: Iterable[Sequence[object]], css_class: str = "yibao-table") -> Safe:
    """An HTML table; plain cells are escaped, :class:`Safe` cells are kept.

    Each cell carries its column's header (``data-label``): on a phone the rows become cards.
    """
    head = tag("thead", tag("tr", join(tag("th", h) for h in headers)))
    body = tag("tbody", join(tag("tr", join(tag("td", cell, data_label=h) for h, cell in zip(headers, row, strict=True))) for row in rows))
    return tag("table", join([head, body]), class_=css_class)


def source_refs(citations: Sequence[Mapping[str, Any]], lang: str) -> Safe:
    """Citations as a person reads them (publisher · date · document number), linked, full title on hover."""
    parts = [
        tag("a", c[f"label_{lang}"], href=c["url"], title=c["title"], target="_blank", rel="noopener noreferrer")
        if c["url"]
        else tag("span", c[f"label_{lang}"], title=c["title"])
        for c in citations
    ]
    return tag("span", join(parts, "; "), class_="yibao-sources")


def report_link(url: str | None, lang: str) -> Safe:
    """A small "report an error" link to the prefilled correction form of a fact's row."""
    if not url:
        return Safe("")
    return tag("a", t("report_error", lang), href=url, target="_blank", rel="noopener noreferrer", class_="yibao-report")


def confidence_badge(level: str, lang: str) -> Safe:
    return tag("span", t(f"conf_{level}", lang), class_=f"yibao-conf yibao-conf-{level}", title=t("confidence", lang))


#: The widgets' stylesheet (``style.css``), one ``<style>`` element per explainer.
STYLE = Safe(f"<style>{(Path(__file__).with_name('style.css')).read_text(encoding='utf-8')}</style>")


def _current_cell() -> tuple[str, int] | None:
    """(cell id, execution count) of the notebook cell running now, where the front end says."""
    from IPython import get_ipython

    shell = get_ipython()
    cell = (getattr(shell, "parent_header", None) or {}).get("metadata", {}).get("cellId")
    return (cell, shell.execution_count) if cell and shell is not None else None


#: Explainers built by each notebook cell in its latest run: re-running the cell closes them.
_BUILT_BY_CELL: dict[str, tuple[int, list[weakref.ref[Explainer]]]] = {}


def _adopt(explainer: Explainer) -> None:
    where = _current_cell()
    if where is None:
        return
    cell, run = where
    last_run, built = _BUILT_BY_CELL.get(cell, (run, []))
    if last_run != run:
        for ref in built:
            old = ref()
            if old is not None:
                old.close()
        built = []
    built.append(weakref.ref(explainer))
    _BUILT_BY_CELL[cell] = (run, built)


def _close_tree(widget: w.Widget) -> None:
    for child in getattr(widget, "children", ()):
        _close_tree(child)
    widget.close()


class Explainer(w.VBox):
    """Base of every builder: follows the page language, renders once per change, never shows a traceback.

    It observes the language through a weak reference and stops on ``close()``; re-running the
    notebook cell that built it closes it, so old copies neither leak nor redraw.
    """

    def __init__(self, language: Language | None, children: Sequence[w.Widget] = (), **kwargs: Any):
        style = w.HTML(STYLE)
        style.add_class("yibao-style")
        super().__init__(children=[style, *children], **kwargs)
        self.language = language or PAGE_LANGUAGE
        self.last_update_seconds = 0.0
        self._busy = False
        reference = weakref.ref(self)

        def on_language(_change: object) -> None:
            explainer = reference()
            if explainer is not None:
                explainer._on_language()

        self.language.observe(on_language, "value")
        #: stops following the language: on close(), or when the explainer is garbage-collected
        self._unfollow = weakref.finalize(self, self.language.unobserve, on_language, "value")
        self.add_class("yibao-explainer")
        _adopt(self)

    @property
    def lang(self) -> str:
        return str(self.language.value)

    def close(self) -> None:
        """Stop following the language and close the controls and outputs."""
        unfollow = getattr(self, "_unfollow", None)  # absent when __init__ failed early
        if unfollow is not None:
            unfollow()
        for child in self.children:
            _close_tree(child)
        super().close()

    def _on_language(self) -> None:
        self._render(self.relabel, self.update)

    def _on_change(self, _change: object = None) -> None:
        self._render(self.update)

    def _render(self, *steps: Callable[[], None]) -> None:
        """Run ``steps`` once; control changes they cause (relabelled options, clamped values) add no render."""
        if self._busy:
            return
        self._busy = True
        try:
            for step in steps:
                self._guarded(step)
        finally:
            self._busy = False

    def _guarded(self, fn: Callable[[], None]) -> None:
        started = time.perf_counter()
        try:
            fn()
        except ValueError as exc:
            localized = getattr(exc, "localized", None)
            self.show_message(localized(self.lang) if localized else str(exc))
        except Exception:  # noqa: BLE001 - the user gets a message, the log gets the traceback
            log.exception("widget update failed")
            self.show_message(t("error_prefix", self.lang) + "internal error (see log)")
        self.last_update_seconds = time.perf_counter() - started

    def watch(self, *controls: w.Widget) -> None:
        for control in controls:
            control.observe(self._on_change, "value")

    def relabel(self) -> None:  # pragma: no cover - every builder overrides
        raise NotImplementedError

    def update(self) -> None:  # pragma: no cover - every builder overrides
        raise NotImplementedError

    def show_message(self, text: str) -> None:  # pragma: no cover - every builder overrides
        raise NotImplementedError


def message_html(text: str, lang: str) -> str:
    return tag("p", t("error_prefix", lang) + text, class_="yibao-message")


def set_options(control: w.Widget, options: Sequence[tuple[str, object]]) -> None:
    """Relabel a selection control without losing its current value."""
    value = control.value
    control.options = options
    values = [v for _, v in options]
    if isinstance(value, tuple):
        control.value = tuple(v for v in value if v in values)
    elif value in values:
        control.value = value


def region_options(regions: Iterable[str], lang: str) -> list[tuple[str, str]]:
    return [(r[f"name_{lang}"], r["id"]) for r in region_records(regions)]


class AmountBox(w.VBox):
    """A text box for an amount of money: reads "8000.5", "1.2万", "１００００", "10,000".

    ``value`` is the last amount that could be read; text that cannot be read shows a message
    in the page language below the box and leaves ``value`` unchanged.
    """

    value = traitlets.Float()

    def __init__(self, value: float, language: Language):
        self.language = language
        self.text = w.Text(value=f"{value:g}", continuous_update=False)
        self.text.add_class("yibao-amount")
        self.message = w.HTML()
        self.message.add_class("yibao-amount-message")
        super().__init__([self.text, self.message], value=value)
        self.text.observe(self._read, "value")

    def _read(self, _change: object = None) -> None:
        try:
            self.value = parse_amount(self.text.value)
        except AmountError as error:
            self.message.value = tag("p", error.localized(str(self.language.value)), class_="yibao-message")
        else:
            self.message.value = ""
