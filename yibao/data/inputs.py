"""Read amounts the way people type them: "10000.5", "1万", "1.2万", "１００００", "10,000", "¥8000元".

The browser's twin is ``yibao/widgets/js/amount.js`` (tests/test_credit_parity.py runs both).
"""

from __future__ import annotations

import re
import unicodedata

from yibao.data.i18n import t

#: Suffixes people write after a number, and what they multiply it by.
_MULTIPLIERS = {"万": 10_000.0, "千": 1_000.0, "k": 1_000.0, "w": 10_000.0}
_AMOUNT = re.compile(r"(?P<number>\d+(?:\.\d+)?|\.\d+)(?P<multiplier>万|千|k|w)?")
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_DECORATION = re.compile(r"^(?:¥|￥|rmb|cny)|(?:元|块|块钱|rmb|cny|/月|每月|一个月)$")


class AmountError(ValueError):
    """Text that is not an amount; ``localized(lang)`` explains it in the page language."""

    def __init__(self, text: str):
        self.text = text
        super().__init__(self.localized("en"))

    def localized(self, lang: str) -> str:
        return t("amount_invalid", lang, text=self.text)


def parse_amount(text: str) -> float:
    """The amount in ``text`` (yuan), or :class:`AmountError`.

    >>> parse_amount("1.2万"), parse_amount("１０,０００"), parse_amount("¥8000元")
    (12000.0, 10000.0, 8000.0)
    """
    cleaned = unicodedata.normalize("NFKC", str(text)).strip().lower().replace(" ", "")
    cleaned = _THOUSANDS.sub("", cleaned)
    previous = None
    while previous != cleaned:  # "¥8000元/月": peel currency signs and units from both ends
        previous, cleaned = cleaned, _DECORATION.sub("", cleaned)
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise AmountError(str(text).strip())
    return float(match["number"]) * _MULTIPLIERS.get(match["multiplier"] or "", 1.0)
