"""Amount boxes in the browser read what people type as Python does: ``js/amount.js`` run by node
against :func:`yibao.data.inputs.parse_amount` — the same number, or the same message in both languages.

Texts: hand-picked ways people write amounts (万, full-width digits, thousands separators, currency
signs and units, other scripts' digits, junk) and hypothesis-generated mixes of those characters,
all in ONE node process.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from hypothesis import strategies as st

from yibao.data.i18n import LANGS, t
from yibao.data.inputs import AmountError, parse_amount

from .conftest import drawn, parity_cases
from .node import needs_node, run_module

RUNNER = """
const { messages, texts } = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = texts.map((text) => {
  try {
    return { value: parseAmount(text) };
  } catch (error) {
    if (!(error instanceof AmountProblem)) throw error;
    return { zh: messages.zh.replace("{text}", () => error.text), en: messages.en.replace("{text}", () => error.text) };
  }
});
process.stdout.write(JSON.stringify(out, (key, value) => (value === Infinity ? "inf" : value)));
"""
HAND_PICKED = [
    "10000.5",
    "1万",
    "1.2万",
    "１００００",
    "10,000",
    "10，000",
    "1,0000",
    "¥8000元",
    "￥8000元/月",
    "8000块钱",
    "RMB 8,000",
    "8k",
    "1.5W",
    ".5",
    "5.",
    "0",
    "",
    "   ",
    "-5",
    "1e5",
    "abc",
    "８千",
    "٣٤٥",
    "१२.५",
    "9" * 400,
    "8000\n",
    "8000元\n元",
    "{text}",
    "  1 2 3  ",
    "1万万",
    "12,34",
    "1,234,567.89",
]
TYPED = "0123456789０１２３４５６７８９٣१.,，万千kKwW¥￥元块钱rmbcny/月每一个 \u3000\n-e{}"

pytestmark = needs_node


def python_answer(text: str) -> dict[str, object]:
    try:
        value = parse_amount(text)
    except AmountError as exc:
        return {"zh": exc.localized("zh"), "en": exc.localized("en")}
    return {"value": "inf" if math.isinf(value) else value}  # JSON has no infinity: both sides say "inf"


def run_js(folder: Path, texts: list[str]) -> list[dict[str, object]]:
    job = folder / "texts.json"
    job.write_text(
        json.dumps({"messages": {lang: t("amount_invalid", lang) for lang in LANGS}, "texts": texts}, ensure_ascii=False), encoding="utf-8"
    )
    return json.loads(run_module(folder, {"amount": ["AmountProblem", "parseAmount"]}, RUNNER, str(job)))


def test_typed_amounts_read_alike(tmp_path: Path):
    typed = st.one_of(
        st.text(alphabet=TYPED, max_size=12), st.from_regex(r"[¥￥]?\d{1,6}(,\d{3})?(\.\d{1,3})?[万千kw]?(元|块)?", fullmatch=True)
    )
    texts = [*HAND_PICKED, *drawn(typed, parity_cases())]
    answers = run_js(tmp_path, texts)
    expected = [python_answer(text) for text in texts]
    assert answers == expected
    # both outcomes are reached many times: amounts read, and amounts refused with a message
    assert sum("value" in a for a in expected) > len(texts) // 10 and sum("en" in a for a in expected) > len(texts) // 10
    assert expected[HAND_PICKED.index("1.2万")] == {"value": 12000.0}
    assert expected[HAND_PICKED.index("٣٤٥")] == {"value": 345.0}
