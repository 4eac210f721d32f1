// The static site's model (yibao/widgets/js/site/model.js): what the explainers use of anywidget's model, without a kernel.
import assert from "node:assert/strict";
import { test } from "node:test";

import { siteModel, withData } from "../../yibao/widgets/js/site/model.js";

test("set tells the listeners of that trait at once, and only when the value changes", () => {
  const model = siteModel({ lang: "zh", mode: "all" });
  const heard = [];
  const listener = (_model, value) => heard.push(value);
  model.on("change:lang change:mode", listener);
  model.set("lang", "en");
  model.set("lang", "en");
  model.set("mode", "online");
  model.save_changes();
  assert.deepEqual(heard, ["en", "online"]);
  assert.equal(model.get("lang"), "en");
  model.off("change:lang", listener);
  model.set("lang", "zh");
  model.set("mode", "offline");
  assert.deepEqual(heard, ["en", "online", "offline"]);
});

test("the saved values are copied, not changed", () => {
  const saved = { query: "" };
  siteModel(saved).set("query", "医保");
  assert.equal(saved.query, "");
});

test("shared values are put back in place of their references; a missing one says which", () => {
  const data = { abc: [{ id: "r1" }] };
  assert.deepEqual(withData({ rows: { $data: "abc" }, verdict: "all", choices: [{ $data: "abc" }] }, data), {
    rows: [{ id: "r1" }],
    verdict: "all",
    choices: [{ $data: "abc" }],
  });
  assert.throws(() => withData({ rows: { $data: "gone" } }, data), /shared data gone is missing/);
});
