// Amounts as people type them ("10000.5", "1万", "1.2万", "１００００", "10,000", "¥8000元"): the
// twin of yibao.inputs.parse_amount (tests/test_credit_parity.py runs both on a thousand texts).
// No DOM at import: node imports this module (tests/js, the parity tests); amountBox() draws the box in a page.
import { choose, h, say } from "./common.js";

/** Text that is not an amount: `text` is what was typed, trimmed (the page words the message). */
export class AmountProblem extends Error {
  constructor(text) {
    super(text);
    this.kind = "amount";
    this.text = text;
  }
}

/** Python's str.strip(): the characters str.isspace() calls whitespace, at both ends. */
const PY_SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const PY_STRIP = new RegExp(`^${PY_SPACE}+|${PY_SPACE}+$`, "gu");
const AMOUNT_MULTIPLIERS = { 万: 10000, 千: 1000, k: 1000, w: 10000 };
const AMOUNT = /^(\p{Nd}+(?:\.\p{Nd}+)?|\.\p{Nd}+)(万|千|k|w)?$/u;
const AMOUNT_THOUSANDS = /(?<=\p{Nd})[,，](?=\p{Nd}{3}(?!\p{Nd}))/gu;
const AMOUNT_DECORATION = /^(?:¥|￥|rmb|cny)|(?:元|块|块钱|rmb|cny|\/月|每月|一个月)$/gu;

/** A decimal digit of any script as its ASCII digit (Python's float() reads them all). */
function asciiDigits(text) {
  return [...text]
    .map((ch) => {
      if (!/\p{Nd}/u.test(ch)) return ch;
      let zero = ch.codePointAt(0);
      while (ch.codePointAt(0) - zero < 9 && /\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero -= 1;
      return String((ch.codePointAt(0) - zero) % 10);
    })
    .join("");
}

/** The amount in `text` (yuan), or an AmountProblem. */
export function parseAmount(text) {
  let cleaned = String(text).normalize("NFKC").replace(PY_STRIP, "").toLowerCase().replaceAll(" ", "");
  cleaned = cleaned.replace(AMOUNT_THOUSANDS, "");
  let previous = null;
  while (previous !== cleaned) {
    previous = cleaned;
    cleaned = cleaned.replace(AMOUNT_DECORATION, "");
  }
  const match = AMOUNT.exec(cleaned);
  if (match === null) throw new AmountProblem(String(text).replace(PY_STRIP, ""));
  return Number(asciiDigits(match[1])) * (AMOUNT_MULTIPLIERS[match[2] || ""] ?? 1);
}

/**
 * In the page (common.js's h(), say(), choose()): a text box for an amount ("1.2万", "10,000"): a bad entry keeps the last valid value and says why. */
export function amountBox(model, name, label, high, state) {
  const message = h("p", { class: "yibao-message yibao-amount-message", role: "status" }, state[name] ? state[name].message : "");
  const input = h("input", {
    type: "text",
    inputmode: "decimal",
    class: `yibao-amount yibao-choice-${name}`,
    "data-focus": name,
    "aria-label": label,
    value: state[name] ? state[name].typed : String(model.get(name)),
    onchange: (event) => {
      const typed = event.target.value;
      let problem = "";
      try {
        const value = parseAmount(typed);
        if (value > high) problem = say(model, "amount_range").replace("{high}", high.toLocaleString("en-US"));
        else {
          state[name] = { typed, message: "" };
          message.textContent = "";
          if (value !== model.get(name)) choose(model, name, value);
          return;
        }
      } catch (error) {
        if (!(error instanceof AmountProblem)) throw error;
        problem = say(model, "amount_invalid").replace("{text}", () => error.text);
      }
      state[name] = { typed, message: problem };
      message.textContent = problem;
    },
  });
  return h("div", { class: "yibao-field" }, h("span", { class: "yibao-label" }, label), input, message);
}

