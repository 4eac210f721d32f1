// Amounts the way people type them ("10000.5", "1万", "1.2万", "１００００", "10,000", "¥8000元"):
// the twin of yibao.inputs.parse_amount, step by step (tests/test_amount_parity.py runs both).
// Plain functions, no DOM: node runs this file as it is.

/** Python's str.strip() whitespace. */
const AMOUNT_SPACE = "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const AMOUNT_STRIP = new RegExp(`^${AMOUNT_SPACE}+|${AMOUNT_SPACE}+$`, "gu");
const AMOUNT_MULTIPLIERS = { 万: 10000, 千: 1000, k: 1000, w: 10000 };
const AMOUNT_PATTERN = /^(\p{Nd}+(?:\.\p{Nd}+)?|\.\p{Nd}+)(万|千|k|w)?$/u;
const AMOUNT_THOUSANDS = /(?<=\p{Nd})[,，](?=\p{Nd}{3}(?!\p{Nd}))/gu;
// Python's `$` also matches before a final newline
const AMOUNT_DECORATION = /^(?:¥|￥|rmb|cny)|(?:元|块|块钱|rmb|cny|\/月|每月|一个月)(?=\n?$)/gu;
const AMOUNT_DIGIT = /^\p{Nd}$/u;

/** A decimal digit of any script as its ASCII digit (Unicode keeps each script's 0–9 in one run). */
function amountAscii(digits) {
  let out = "";
  for (const ch of digits) {
    if ((ch >= "0" && ch <= "9") || !AMOUNT_DIGIT.test(ch)) {
      out += ch;
      continue;
    }
    let before = 0;
    let code = ch.codePointAt(0);
    while (AMOUNT_DIGIT.test(String.fromCodePoint(code - 1))) {
      before += 1;
      code -= 1;
    }
    out += String(before % 10);
  }
  return out;
}

/** The amount in `text` (yuan), or throws `{amountError: true, text}` (`text` as typed, stripped). */
function parseAmount(text) {
  let cleaned = String(text).normalize("NFKC").replace(AMOUNT_STRIP, "").toLowerCase().replaceAll(" ", "");
  cleaned = cleaned.replace(AMOUNT_THOUSANDS, "");
  let previous = null;
  while (previous !== cleaned) {
    previous = cleaned;
    cleaned = cleaned.replace(AMOUNT_DECORATION, "");
  }
  const match = AMOUNT_PATTERN.exec(cleaned);
  if (match === null) throw { amountError: true, text: String(text).replace(AMOUNT_STRIP, "") };
  return Number(amountAscii(match[1])) * (AMOUNT_MULTIPLIERS[match[2]] || 1);
}

/** What a page says about text that is not an amount (`messages`: yibao.inputs.AMOUNT_MESSAGES). */
function amountMessage(messages, text, lang) {
  return messages[lang].replaceAll("{text}", () => text);
}
