// What the pooled fund pays on a bill (yibao/widgets/js/credit_periods.js), with and without a cap.
import assert from "node:assert/strict";
import { test } from "node:test";

import { poolShare } from "../../yibao/widgets/js/credit_periods.js";

test("without a cap the fund pays the rate on the whole eligible cost", () => {
  assert.deepEqual(poolShare(1000, 0.7, NaN, "paid"), [700, 700]);
});

test("a cap on what the fund pays stops the payment at the room left", () => {
  assert.deepEqual(poolShare(1000, 0.7, 500, "paid"), [500, 500]);
  assert.deepEqual(poolShare(1000, 0.7, 800, "paid"), [700, 700]);
});

test("a cap on the eligible cost counts the cost, and the fund pays the rate on what is counted", () => {
  assert.deepEqual(poolShare(1000, 0.7, 400, "eligible_cost"), [280, 400]);
  assert.deepEqual(poolShare(300, 0.5, 400, "eligible_cost"), [150, 300]);
});
