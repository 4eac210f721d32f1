// What the pooled fund pays on a bill (yibao/widgets/js/credit_periods.js `split`), with and without a cap; fen.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fresh, split } from "../../yibao/widgets/js/credit_periods.js";

/** An outpatient bill of `amount` with no deductible, paid at `rate`, under `cap` (null: none) counting `basis`, with `capUsed` used. */
function fund(amount, rate, cap, basis, capUsed = 0) {
  const terms = { kind: "outpatient", deductible: 0, per_admission: false, rate, cap, cap_basis: basis, annual_cap: null, account_first: false, cost_to: null };
  const used = { ...fresh(), cap_used: capUsed };
  const { fund: paid } = split(amount, terms, used, 0);
  return [paid, used.cap_used];
}

test("without a cap the fund pays the rate on the whole eligible cost", () => {
  assert.deepEqual(fund(1000, 0.7, null, "fund_paid"), [700, 0]);
});

test("a cap on what the fund pays stops the payment at the room left", () => {
  assert.deepEqual(fund(1000, 0.7, 500, "fund_paid"), [500, 500]);
  assert.deepEqual(fund(1000, 0.7, 1000, "fund_paid", 200), [700, 900]);
});

test("a cap on the eligible cost counts the cost, and the fund pays the rate on what is counted", () => {
  assert.deepEqual(fund(1000, 0.7, 400, "eligible_cost"), [280, 400]);
  assert.deepEqual(fund(300, 0.5, 400, "eligible_cost"), [150, 300]);
});

test("the deductible is met first, once a benefit year", () => {
  const terms = { kind: "outpatient", deductible: 500, per_admission: false, rate: 0.5, cap: null, cap_basis: "fund_paid", annual_cap: null, account_first: false, cost_to: null };
  const used = fresh();
  assert.equal(split(300, terms, used, 0).fund, 0);
  assert.equal(split(300, terms, used, 0).fund, 50);
  assert.equal(used.outpatient_met, 500);
});
