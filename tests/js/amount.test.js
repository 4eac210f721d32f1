// The amount reader of the explainers' text boxes (yibao/widgets/js/amount.js): amounts as people type them.
import assert from "node:assert/strict";
import { test } from "node:test";

import { AmountProblem, parseAmount } from "../../yibao/widgets/js/amount.js";

test("reads the ways people write an amount", () => {
  assert.equal(parseAmount("10000.5"), 10000.5);
  assert.equal(parseAmount("1.2万"), 12000);
  assert.equal(parseAmount("８千"), 8000);
  assert.equal(parseAmount("１００００"), 10000);
  assert.equal(parseAmount("10,000"), 10000);
  assert.equal(parseAmount("1,234,567.89"), 1234567.89);
  assert.equal(parseAmount("￥8000元/月"), 8000);
  assert.equal(parseAmount("RMB 8,000"), 8000);
  assert.equal(parseAmount("1.5W"), 15000);
  assert.equal(parseAmount("٣٤٥"), 345);
});

test("refuses what is not an amount, naming the text without its outer spaces", () => {
  for (const text of ["", "-5", "1e5", "abc", "1万万", "12,34"]) {
    assert.throws(() => parseAmount(text), AmountProblem, text);
  }
  assert.throws(() => parseAmount("  abc \n"), (problem) => problem instanceof AmountProblem && problem.text === "abc");
});
