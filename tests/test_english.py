"""English mode is English: every string a browser explainer shows in English, every UI string and
the English half of every notebook's markdown pass :func:`yibao.data.i18n.english_problems`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yibao.data.i18n import CHINESE, STRINGS, english_problems

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def _explainer_classes() -> list[type]:
    """Every concrete browser explainer (one with its own ES module), wherever it is defined."""
    import yibao.widgets  # noqa: F401 - defines the explainers of every module it imports
    from yibao.widgets.browser import BrowserExplainer

    found: list[type] = []
    stack = [BrowserExplainer]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if "_esm" in vars(cls) or any("_esm" in vars(base) for base in cls.__mro__[1:-1] if base is not BrowserExplainer):
            found.append(cls)
    return sorted(set(found), key=lambda c: c.__name__)


def english_texts(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """(where, text) for every English string in a synced state: ``*_en`` fields and ``{"en": …}`` values.

    Source titles (the ``title`` tooltip of a citation) are the original documents' names and are
    not shown as text; ids, urls and numbers are not text either.
    """
    if isinstance(value, dict):
        for k, v in value.items():
            yield from english_texts(v, str(k))
    elif isinstance(value, list):
        for item in value:
            yield from english_texts(item, key)
    elif isinstance(value, str) and (key.endswith("_en") or key == "en"):
        yield key, value


CLASSES = _explainer_classes()


def test_every_browser_explainer_is_audited():
    names = {c.__name__ for c in CLASSES}
    assert {"ChannelFinder", "WithdrawalSteps", "SchemeTriage", "QuestionFinder", "LanguageToggle"} <= names


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_browser_explainer_shows_only_english_in_english_mode(cls: type):
    from yibao.widgets import Language

    language = Language()
    language.value = "en"
    explainer = cls(language=language)
    try:
        texts = list(english_texts(explainer.get_state()))
    finally:
        explainer.close()
    assert texts or cls.__name__ == "LanguageToggle"
    problems = sorted({f"{key}: {problem}" for key, text in texts for problem in english_problems(text)})
    assert not problems, "\n".join(problems)


def test_ui_strings_are_english():
    problems = [f"{key}: {p}" for key, (_, en) in STRINGS.items() for p in english_problems(en)]
    assert not problems, problems


def _english_parts(markdown: str) -> Iterator[tuple[str, str]]:
    """(Chinese line, its English) for each line of a bilingual markdown cell that carries Chinese.

    The notebooks write Chinese first, then English: in italics (``*…*``, on the same line or the
    next), or after the last Chinese word of a heading or link ("## 家庭共济 · Family sharing").
    """
    lines = [line.strip() for line in markdown.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        plain = line.lstrip(">#-* ").strip()
        if not CHINESE.search(_italics_removed(plain)):
            continue  # an English line, or Chinese only in italics (names in brackets)
        english = " ".join(_italics(line))
        nxt = lines[i + 1].lstrip("> ") if i + 1 < len(lines) else ""
        if not english and nxt.startswith("*") and not nxt.startswith("**"):
            english = " ".join(_italics(nxt))
        if not english:
            english = " ".join(_tails(plain))
        yield line, english


def _italics(line: str) -> list[str]:
    """Italic runs (``*…*``, not ``**…**``) with their bold markers dropped."""
    unbold = line.replace("**", "\0")
    return [m.group(1).replace("\0", "") for m in re.finditer(r"(?<![*\w])\*([^*]+)\*(?![*\w])", unbold)]


def _italics_removed(line: str) -> str:
    unbold = line.replace("**", "\0")
    return re.sub(r"(?<![*\w])\*([^*]+)\*(?![*\w])", " ", unbold)


def _tails(line: str) -> list[str]:
    """The English after the Chinese of each link or heading: "[01 两个账户 The two accounts](…)" → "The two accounts"."""
    texts = re.findall(r"\[([^\]]+)\]", line) or [line]
    tails = []
    for text in texts:
        last = max((m.end() for m in CHINESE.finditer(text)), default=0)
        tail = text[last:].strip(" ·—-")
        if re.search("[A-Za-z]", tail):
            tails.append(tail)
    return tails


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_markdown_has_english_for_every_chinese_line(path: Path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    problems = []
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for line, english in _english_parts("".join(cell["source"])):
            if not english:
                problems.append(f"no English for {line[:60]!r}")
            problems += [f"{line[:40]!r}: {p}" for p in english_problems(english)]
    assert not problems, "\n".join(problems)


# --- the rule itself ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Medical Insurance Bureau (医保局)",
        "Since 国办发〔2021〕14号, only your own contribution goes in",
        "Order 国务院令第735号 of the State Council",
        "a family account (亲情账户) and family sharing (家庭共济)",
        "Chinese source (社保网 (southmoney.com)) · 2021-12",
    ],
)
def test_names_in_brackets_and_document_numbers_are_english(text: str):
    assert english_problems(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the national 医保 app", "医保"),
        ("医保钱包 (medical-insurance wallet)", "医保钱包"),
        ("(医保局) first", "医保局"),
        ("one，two", "，"),
        ("set valid_from first", "valid_from"),
        ("see the seed articles", "seed"),
    ],
)
def test_chinese_outside_brackets_and_maintainer_words_are_problems(text: str, found: str):
    problems = english_problems(text)
    assert len(problems) == 1 and repr(found) in problems[0]


@given(st.from_regex(r"[A-Za-z][A-Za-z0-9 ,'-]{0,30}[A-Za-z0-9]", fullmatch=True), st.text(alphabet="医保局钱包", min_size=1, max_size=6))
def test_chinese_after_english_is_fine_only_in_brackets(phrase: str, chinese: str):
    assert english_problems(f"{phrase} ({chinese})") == []
    assert english_problems(f"{phrase} {chinese}") != []
    assert english_problems(f"({chinese}) {phrase}") != []
