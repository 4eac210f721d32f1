"""The per-row checks of the answers (``python -m yibao.validate --report``) catch the rows they are for."""

from __future__ import annotations

from pathlib import Path

import pytest

from yibao.answers import lint
from yibao.data.store import clear_cache
from yibao.validate import main as validate_main

from .conftest import edit_row

SAME_WORDS = ("lend-card", "interest", "min-years", "retiree-pay")



@pytest.fixture
def broken(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data copy with one long answer, and four questions asked in the same words (one cannot be in the top three)."""
    edit_row(data_copy / "questions.csv", "interest", answer_en="One. Two. Three. Four.")
    for question_id in SAME_WORDS:
        edit_row(data_copy / "questions.csv", question_id, question_zh="医保卡能借给别人用吗", question_en="can I lend my card to someone")
    monkeypatch.setenv("YIBAO_DATA_DIR", str(data_copy))
    clear_cache()
    yield data_copy
    clear_cache()


@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [("一句。两句!", "zh", 2), ("没有句号", "zh", 1), ("One, e.g. this. Two", "en", 2), ("See Art. 3 of it.", "en", 1)],
)
def test_sentences_are_counted_as_a_reader_counts_them(text: str, lang: str, count: int) -> None:
    assert lint.sentences(text, lang) == count


def test_each_check_names_the_rows_that_fail_it(broken: Path) -> None:
    problems = lint.lint()
    assert problems["answers are one to three sentences"] == ["interest (en): 4 sentences"]
    not_found = {line.split(" ")[0] for line in problems["each question is found by its own text"]}
    assert len(not_found) == 1 and not_found <= set(SAME_WORDS)


def test_the_report_fails_on_a_failing_row_and_names_it(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert validate_main([str(broken), "--report", "--on", "2026-11-30"]) == 1
    out = capsys.readouterr().out
    assert "FAIL answers are one to three sentences (1 rows)" in out and "interest (en): 4 sentences" in out
