"""Hostile text in the data is shown literally, never interpreted.

A copy of ``data/`` gets hostile strings (``<script>``, ``<img onerror=…>``, quotes and
ampersands, Markdown with a ``javascript:`` link) in every free-text and list cell of every
table, and ``javascript:`` / attribute-breaking URLs in ``sources.csv``. The package is pointed
at it (``YIBAO_DATA_DIR``) and every explainer is built: its traits carry the hostile strings
verbatim (the page turns them into text nodes, never markup: ``tests/browser/test_escaping_browser.py``
opens every page on such data), and a source whose URL is not http(s) is cited without a link.

The loaders' DataFrames are checked too (a user may display them in a notebook).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import yibao
import yibao.rules.credit
from yibao import widgets as yw
from yibao.data.store import clear_cache, data_dir, load_table, records
from yibao.data.tables import TABLES

from .conftest import explainer_builders, read_rows, write_rows

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
                    # one URL per source id (the validator's rule): the row number rides in a JS comment
                    row[url] = f"{BAD_URLS[number % len(BAD_URLS)]}//{number}" if number % 2 == 0 else row[url]
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
    """``yibao.data.store.clear_cache()`` promises to forget loaded tables after the files changed, but
    ``yibao.rules.credit._rules`` (an lru_cache keyed by region/parameter/status, not by data folder)
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


def test_hostile_copy_is_valid_data(hostile_dir):
    """The hostile strings are plain text as far as the validator is concerned: they load."""
    for name in TABLES:
        assert len(load_table(name)) > 0
    assert any(SCRIPT in r["name_zh"] for r in records("channels"))
    assert any(r["url"].startswith("javascript:") for r in records("sources"))


@pytest.mark.parametrize("builder", explainer_builders())
def test_explainers_send_hostile_text_verbatim(hostile_dir, builder):
    """The page draws text nodes from the traits: the data travel as they are, never pre-escaped
    (the browser side is checked in tests/browser/test_escaping_browser.py)."""
    if builder == "question_finder":  # its search index of the hostile copy takes ~25 s to build: its records suffice
        state = json.dumps(yibao.question_records(), ensure_ascii=False)
    else:
        explainer = getattr(yw, builder)()
        try:
            state = json.dumps(explainer.get_state(), ensure_ascii=False, default=str)
        finally:
            explainer.close()
    if builder != "language_toggle":
        assert SCRIPT in state, f"{builder} shows no data of the hostile copy"
    assert "&lt;script" not in state and "&amp;" not in state.replace(QUOTES, "")


def test_javascript_urls_are_never_links(hostile_dir):
    """Sources whose URL is not http(s) are cited without a link (the page's webLink() agrees)."""
    sources = {r["id"]: r for r in records("sources")}
    unsafe = [sid for sid, row in sources.items() if row["url"] and not row["url"].startswith(("https://", "http://"))]
    assert unsafe, "the hostile copy has unsafe URLs"
    assert all(citation["url"] is None for citation in yibao.cite(unsafe)), "an unsafe URL must never become a link"


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
