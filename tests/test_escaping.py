"""Hostile text in the data is shown literally, never interpreted.

A copy of ``data/`` gets hostile strings (``<script>``, ``<img onerror=…>``, quotes and
ampersands, Markdown with a ``javascript:`` link) in every free-text and list cell of every
table, and ``javascript:`` / attribute-breaking URLs in ``sources.csv``. The package is pointed
at it (``YIBAO_DATA_DIR``), every ipywidgets builder is built and driven through its choices in
both languages, and every piece of HTML it produces is parsed (the browser explainers build their
page from text nodes only, see ``test_browser_widgets.py``):

- only the package's own tags and attributes occur (no ``<script>``, no ``<img>``, no ``on*=``
  attribute), and ``href`` is only ever http(s);
- the hostile strings are present as *text* (in cells, list items, messages) and in tooltips
  (``title`` attributes), i.e. escaped in the markup (``&lt;script&gt;``) and nothing is
  double-escaped.

The loaders' DataFrames are checked too (a user may display them in a notebook).
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import yibao
import yibao.credit
from yibao import widgets as yw
from yibao.data import clear_cache, data_dir, records
from yibao.tables import TABLES

from .conftest import read_rows, write_rows

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
QUOTES = "\"quotes\" & 'apostrophes'"
MARKDOWN = "**markdown** [link](javascript:alert(1))"
HOSTILE = (SCRIPT, IMG, QUOTES, MARKDOWN)
PAYLOAD = " ".join(HOSTILE)
BAD_URLS = (
    "javascript:window.__pwned=1",
    "JavaScript:window.__pwned=1",
    'https://example.com/"><script>window.__pwned=1</script>',
    "data:text/html,<script>window.__pwned=1</script>",
)

ALLOWED_TAGS = {
    "style",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "b",
    "span",
    "div",
    "p",
    "h4",
    "h5",
    "ol",
    "ul",
    "li",
    "a",
    "q",
    "details",
    "summary",
}
ALLOWED_ATTRIBUTES = {"class", "href", "title", "target", "rel", "data-label", "role", "aria-label", "style"}
#: the only inline style: the width of a bar's segment (the year of care's stacked bars)
BAR_WIDTH = re.compile(r"width:\d{1,3}(\.\d)?%")


def make_hostile(target: Path) -> Path:
    """Copy data/ to ``target`` and put the hostile payload into every text and list cell."""
    shutil.copytree(data_dir(), target)
    for table in TABLES.values():
        path = target / table.file
        rows = read_rows(path)
        header = rows[0]
        kinds = {c.name: c.kind for c in table.columns}
        text_columns = [name for name, kind in kinds.items() if kind in ("text", "list") and name != "url"]
        for row in rows[1:]:
            for name in text_columns:
                index = header.index(name)
                if row[index]:
                    items = row[index].split("|") if kinds[name] == "list" else [row[index]]
                    row[index] = "|".join(f"{PAYLOAD} {item}" for item in items)
            for name in text_columns:  # optional pairs empty in both languages: fill both
                twin = name[:-3] + "_en"
                if name.endswith("_zh") and twin in header and not row[header.index(name)] and not row[header.index(twin)]:
                    row[header.index(name)] = row[header.index(twin)] = PAYLOAD
        if table.name == "sources":
            url = header.index("url")
            for number, row in enumerate(rows[1:]):
                if row[url]:
                    row[url] = BAD_URLS[number % len(BAD_URLS)] if number % 2 == 0 else row[url]
        write_rows(path, rows)
    return target


def _forget_everything() -> None:
    clear_cache()  # derived caches (e.g. the credit rules) follow by themselves


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory):
    directory = make_hostile(tmp_path_factory.mktemp("hostile") / "data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("YIBAO_DATA_DIR", str(directory))
        _forget_everything()
        try:
            yield directory
        finally:
            _forget_everything()
    _forget_everything()


# --- finding (runs first: before the module's hostile data folder is in use) -----------------------


def test_clear_cache_forgets_the_credit_rules(data_copy, monkeypatch):
    """``yibao.data.clear_cache()`` promises to forget loaded tables after the files changed, but
    ``yibao.credit._rules`` (an lru_cache keyed by region/parameter/status, not by data folder)
    kept serving the old rows: the credit calculator showed rules that are no longer in the data."""
    monkeypatch.setenv("YIBAO_DATA_DIR", str(data_copy))
    clear_cache()
    try:
        before = yibao.monthly_personal_credit(8000, city="beijing", on="2024-01-01", age=30)
        path = data_copy / "region_params.csv"
        rows = read_rows(path)
        header = rows[0]
        for row in rows[1:]:
            if row[header.index("region")] == "beijing" and row[header.index("parameter")] == "account_credit":
                row[header.index("description_zh")] = "CHANGED " + row[header.index("description_zh")]
        write_rows(path, rows)
        clear_cache()
        after = yibao.monthly_personal_credit(8000, city="beijing", on="2024-01-01", age=30)
        assert not before.rule.startswith("CHANGED")
        assert after.rule.startswith("CHANGED"), "monthly_personal_credit still uses the rules of the old data files"
    finally:
        monkeypatch.undo()
        _forget_everything()


# --- collecting every piece of markup the widgets produce ------------------------------------------


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def check_markup(markup: str, where: str) -> _Markup:
    """Assert ``markup`` has only the package's own tags/attributes; return what it shows."""
    lowered = markup.lower()
    assert "<script" not in lowered, f"{where}: <script> in output"
    assert "<img" not in lowered, f"{where}: <img> in output"
    assert SCRIPT not in markup and IMG not in markup, f"{where}: raw hostile markup"
    assert "&amp;lt;" not in markup and "&amp;quot;" not in markup and "&amp;amp;" not in markup, f"{where}: double-escaped"
    parser = _Markup()
    parser.feed(markup)
    parser.close()
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, f"{where}: unexpected tag <{tag}>"
        for name, value in attrs:
            assert not name.startswith("on"), f"{where}: event handler attribute {name}={value!r}"
            assert name in ALLOWED_ATTRIBUTES, f"{where}: unexpected attribute {name}={value!r} on <{tag}>"
            if name == "href":
                assert value and value.startswith(("https://", "http://")), f"{where}: href={value!r}"
            if name == "style":
                assert value and BAR_WIDTH.fullmatch(value), f"{where}: style={value!r}"
    return parser


def _shown_text(parser: _Markup) -> str:
    return "".join(parser.text)


def _titles(parser: _Markup) -> list[str]:
    return [value or "" for _, attrs in parser.tags for name, value in attrs if name == "title"]


class Collector:
    """Every HTML value seen, with where it came from; every option label."""

    def __init__(self):
        self.markup: dict[str, str] = {}
        self.labels: set[str] = set()

    def grab(self, name: str, widget) -> None:
        for attribute in ("result", "summary", "comparison", "bill_list"):
            control = getattr(widget, attribute, None)
            if control is not None and isinstance(getattr(control, "value", None), str) and control.value:
                self.markup[f"{name}.{attribute}: {control.value[-80:]!r}"] = control.value
        for attribute in ("city", "status"):
            control = getattr(widget, attribute, None)
            if control is not None and hasattr(control, "options"):
                self.labels.update(label for label, _ in control.options)


def _values(control) -> list:
    return [value for _, value in control.options]


def drive_every_widget(language: yw.Language) -> Collector:
    seen = Collector()
    for lang in ("zh", "en"):
        language.value = lang
        calculator = yw.credit_calculator(language)
        for city, status, year in itertools.product(_values(calculator.city), _values(calculator.status), (2000, 2006, 2015, 2020, 2024)):
            calculator.city.value, calculator.status.value, calculator.on.value = city, status, dt.date(year, 3, 1)
            seen.grab(f"credit[{lang},{city},{status},{year}]", calculator)

        chart = yw.balance_chart(language)
        for city, status, year in itertools.product(_values(chart.city), _values(chart.status), (2019, 2025)):
            chart.city.value, chart.status.value, chart.start_year.value = city, status, year
            seen.grab(f"chart[{lang},{city},{status},{year}]", chart)

        year = yw.year_of_care(language)
        year.year.value = 2024
        for preset, city, status in itertools.product(("healthy_30", "one_operation"), _values(year.city), _values(year.status)):
            year.preset.value, year.city.value, year.status.value = preset, city, status
            seen.grab(f"year[{lang},{preset},{city},{status}]", year)
    language.value = "zh"
    return seen


@pytest.fixture(scope="module")
def collected(hostile_dir) -> Collector:
    return drive_every_widget(yw.Language())


# --- tests ----------------------------------------------------------------------------------------------


def test_hostile_copy_is_valid_data(hostile_dir):
    """The hostile strings are plain text as far as the validator is concerned: they load."""
    for name in TABLES:
        assert len(yibao.data.load_table(name)) > 0
    assert any(SCRIPT in r["name_zh"] for r in records("channels"))
    assert any(r["url"].startswith("javascript:") for r in records("sources"))


def test_every_widget_output_has_only_our_own_markup(collected):
    assert len(collected.markup) > 100
    for where, markup in collected.markup.items():
        check_markup(markup, where)


@pytest.mark.parametrize(
    ("widget", "minimum"),
    [("credit", 4), ("year", 10)],
)
def test_hostile_text_is_shown_literally(collected, widget, minimum):
    """Every widget that shows data shows the hostile strings as text (escaped in the markup)."""
    outputs = {where: markup for where, markup in collected.markup.items() if where.startswith(widget + "[")}
    showing = 0
    for where, markup in outputs.items():
        shown = _shown_text(check_markup(markup, where))
        if SCRIPT in shown:
            showing += 1
            for text in HOSTILE:
                assert text in shown, f"{where}: {text!r} not shown literally"
            assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in markup
            assert "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;" in markup
            assert "&quot;quotes&quot; &amp; &#x27;apostrophes&#x27;" in markup
    assert showing >= minimum, f"{widget}: hostile text shown in only {showing} of {len(outputs)} outputs"


def test_tooltips_show_source_titles_literally(collected):
    titles = [title for where, markup in collected.markup.items() for title in _titles(check_markup(markup, where))]
    hostile = [title for title in titles if SCRIPT in title]
    assert hostile, "no tooltip carried a (hostile) source title"
    assert all(IMG in title and QUOTES in title and MARKDOWN in title for title in hostile)


def test_javascript_urls_are_never_links(collected):
    sources = {r["id"]: r for r in records("sources")}
    unsafe = [sid for sid, r in sources.items() if r["url"] and not r["url"].startswith(("https://", "http://"))]
    assert unsafe
    everything = "".join(collected.markup.values())
    titles = {sid: html.escape(sources[sid]["title"], quote=True) for sid in unsafe}
    shown = [sid for sid in unsafe if f'title="{titles[sid]}"' in everything]
    assert shown, "no source with an unsafe URL was cited by any widget"
    assert all(citation["url"] is None for citation in yibao.cite(shown)), "an unsafe URL must never become a link"
    unlinked = yw._base.source_refs(yibao.cite(shown[:1]), "zh")
    assert "<a " not in unlinked and f'<span title="{titles[shown[0]]}">' in unlinked
    for where, markup in collected.markup.items():
        for _tag, attrs in check_markup(markup, where).tags:
            href = dict(attrs).get("href")
            assert href is None or href.startswith(("https://", "http://")), (where, href)


def test_not_computable_messages_are_escaped(collected):
    """Friendly messages quote the rule's description (hostile here): escaped like the rest."""
    messages = [m for w, m in collected.markup.items() if 'class="yibao-message"' in m]
    assert messages, "no not-computable state was reached"
    assert any(SCRIPT in _shown_text(check_markup(m, "message")) for m in messages)


def test_option_labels_are_plain_data_strings(collected):
    """Dropdown/radio labels are rendered as text by ipywidgets: they hold the raw data string
    (escaping them here would show '&lt;' to the user)."""
    hostile = [label for label in collected.labels if SCRIPT in label]
    assert hostile, "no option label carried hostile data (region names / scenario titles)"
    assert not any("&lt;" in label or "&amp;" in label for label in collected.labels)


def test_dataframes_shown_in_a_notebook_are_escaped(hostile_dir):
    frames = [
        yibao.compare_accounts(),
        yibao.compare_accounts("en"),
        yibao.filter_channels(),
        *(getattr(yibao, f"load_{name}")() for name in TABLES),
    ]
    for frame in frames:
        markup = frame._repr_html_()
        assert "<script" not in markup.lower() and "<img" not in markup.lower()
    assert "&lt;script&gt;" in yibao.filter_channels()._repr_html_()


def test_not_computable_text_from_the_api_is_plain(hostile_dir):
    """The API returns text, not markup: hostile descriptions come back verbatim."""
    credit = yibao.monthly_personal_credit(8000, city="beijing", on="2024-01-01", age=30)
    assert SCRIPT in credit.rule
    assessment = yibao.assess_withdrawal("death", lang="en")
    assert SCRIPT in assessment.title and all(SCRIPT in d for d in assessment.documents)
