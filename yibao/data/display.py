"""How API results read in a notebook: the answer first, then the rule and its sources.

Every result a reader gets from the API (a credit, a balance projection, a year of care, a reform
comparison, a withdrawal assessment, an account answer, a triage, the finder's hits) says what it
answers as a :class:`Card`; :class:`Readable` (objects) and :class:`ReadableFrame` (tables) turn
that card into Jupyter's rich form (``_repr_html_``, HTML-escaped) and a one-line ``__repr__``.
Texts that the result does not carry in a language of its own follow the page language
(:func:`use_language`, which the explainers' language switch calls).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pandas as pd

from yibao.data.i18n import CHINESE, check_lang, t
from yibao.data.sources import cite
from yibao.data.tables import CONFIDENCE

_PAGE = {"lang": "zh"}


def use_language(lang: str) -> None:
    """Show results in ``lang`` from now on (those that carry no language of their own)."""
    _PAGE["lang"] = check_lang(lang)


def page_language() -> str:
    return _PAGE["lang"]


@dataclass(frozen=True)
class Card:
    """What one result answers: ``answer`` first, then ``details`` (label, value), the ``rules``
    applied, their sources and the lowest confidence among them."""

    title: str
    answer: str
    lang: str
    rules: tuple[str, ...] = ()
    source_ids: tuple[str, ...] = ()
    confidence: str = ""
    details: tuple[tuple[str, str], ...] = field(default=())

    def text(self, width: int = 72) -> str:
        """One short line: the title and the start of the answer."""
        line = f"{self.title}: {self.answer}"
        return line if len(line) <= width else line[: width - 1] + "…"

    def html(self, table: str = "") -> str:
        """The card as HTML (every text escaped; ``table`` is HTML already, e.g. a frame's)."""
        esc, lang = html.escape, self.lang
        parts = [f'<div class="yibao-card" lang="{"zh-CN" if lang == "zh" else "en"}">']
        parts.append(f"<p><strong>{esc(self.title)}:</strong> {esc(self.answer)}</p>")
        if self.details:
            rows = "".join(f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>" for label, value in self.details)
            parts.append(f"<table>{rows}</table>")
        if self.rules:
            items = "".join(f"<li>{esc(rule)}</li>" for rule in dict.fromkeys(self.rules))
            parts.append(f"<p>{esc(t('rule_applied', lang))}:</p><ul>{items}</ul>")
        if self.source_ids:
            links = []
            for source in cite(dict.fromkeys(self.source_ids)):
                label = esc(source[f"label_{lang}"])
                url = source.get("url")
                links.append(f'<a href="{esc(url)}" target="_blank" rel="noopener">{label}</a>' if url else label)
            confidence = f" · {esc(t('confidence', lang))}: {esc(t(f'conf_{self.confidence}', lang))}" if self.confidence else ""
            parts.append(f"<p>{esc(t('sources', lang))}: {'; '.join(links)}{confidence}</p>")
        if table:  # a wide table scrolls in its own box, which keyboard users can focus and scroll
            label = esc(self.title)
            box = 'class="yibao-card-table" role="region" tabindex="0" style="overflow-x: auto; max-width: 100%"'
            parts.append(f'<div {box} aria-label="{label}">{table}</div>')
        parts.append("</div>")
        return "".join(parts)


class Readable:
    """Mixin for a result object: a short ``repr`` and Jupyter's ``_repr_html_`` from :meth:`card`.

    A dataclass that uses it is declared with ``repr=False`` (else the dataclass writes its own)."""

    def card(self, lang: str | None = None) -> Card:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.card().text()}>"

    def _repr_html_(self) -> str:
        return self.card().html()


class ReadableFrame(pd.DataFrame):
    """A result table: a pandas DataFrame whose rich form starts with the answer, rule and sources.

    Subclasses say what the table answers (:meth:`card`); a frame derived from one (a slice, a
    copy) is a plain DataFrame again, since its card would no longer be true."""

    _metadata: ClassVar[list[str]] = []

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    def card(self, lang: str | None = None) -> Card:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{self.card().text()}\n{super().__repr__()}"

    def _repr_html_(self) -> str:
        table = self.to_html(  # no index column: its header cell would be empty (an unnamed header for screen readers)
            index=False, max_rows=pd.get_option("display.max_rows"), max_cols=pd.get_option("display.max_columns"), show_dimensions=True
        )
        return self.card().html(table)


def language(lang: str | None) -> str:
    """``lang``, or the page language when ``None``."""
    return page_language() if lang is None else check_lang(lang)


def sources_of(rows: Iterable[Any]) -> tuple[str, ...]:
    """The source ids of many rows (each an iterable of ids), each once, in order."""
    return tuple(dict.fromkeys(source for ids in rows for source in ids))


def lowest_confidence(levels: Iterable[str]) -> str:
    """The weakest of ``levels`` (empty when there are none)."""
    known = [level for level in levels if level in CONFIDENCE]
    return max(known, key=CONFIDENCE.index) if known else ""


def text_language(text: str) -> str:
    """The language a result was written in, read from one of its texts."""
    return "zh" if CHINESE.search(text) else "en"


def sentences(first: str, then: str, lang: str) -> str:
    """Two texts as sentences of ``lang`` (the first ends with 。 or a full stop)."""
    if not then:
        return first
    stop = "" if first.endswith(("。", ".", "?", "？")) else ("。" if lang == "zh" else ".")
    return f"{first}{stop}{'' if lang == 'zh' else ' '}{then}"


def money(amount: float) -> str:
    return f"{amount:,.2f}"
