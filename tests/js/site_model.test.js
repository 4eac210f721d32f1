// The models of the fronts without a widget manager (yibao/widgets/js/site/model.js): the static site's (no kernel) and the app's (a kernel over its websocket).
import assert from "node:assert/strict";
import { test } from "node:test";

import { kernelModel, siteModel, withData } from "../../yibao/widgets/js/site/model.js";

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

test("a kernel's model sends what was set at the next save, once, as an ipywidgets update", () => {
  const sent = [];
  const model = kernelModel({ lang: "zh", mode: "all", query: "" }, (data) => sent.push(data));
  model.set("mode", "online");
  model.set("query", "医保");
  assert.deepEqual(sent, []);
  model.save_changes();
  model.save_changes();
  assert.deepEqual(sent, [{ method: "update", state: { mode: "online", query: "医保" }, buffer_paths: [] }]);
});

test("a kernel's update is applied, except to a trait set here and not saved, and when nothing changed", () => {
  const model = kernelModel({ lang: "zh", mode: "all", rows: [{ id: "r1" }] }, () => {});
  const heard = [];
  model.on("change:lang change:mode change:rows", (_model, value) => heard.push(value));
  model.set("mode", "online");
  model.receive({ method: "update", state: { lang: "en", mode: "offline", rows: [{ id: "r1" }] } });
  assert.equal(model.get("lang"), "en");
  assert.equal(model.get("mode"), "online", "the visitor's choice, not saved yet, stays");
  assert.deepEqual(heard, ["online", "en"], "equal rows: no redraw");
  model.save_changes();
  model.receive({ method: "echo_update", state: { mode: "online" } });
  model.receive({ method: "update", state: { mode: "offline" } });
  assert.equal(model.get("mode"), "offline");
});

test("an update made before the kernel saw a save does not undo it (a shared link's status, then its age)", () => {
  // The kernel echoes each save before applying it: the status's echo, then the update its observer
  // made (a retiree is at least 60), then the age's echo.
  const model = kernelModel({ status: "employee", age: 40 }, () => {});
  model.set("status", "retiree");
  model.save_changes();
  model.set("age", 72);
  model.save_changes();
  model.receive({ method: "echo_update", state: { status: "retiree" } });
  model.receive({ method: "update", state: { age: 60 } });
  assert.equal(model.get("age"), 72);
  model.receive({ method: "echo_update", state: { age: 72 } });
  model.receive({ method: "update", state: { age: 65 } });
  assert.equal(model.get("age"), 65, "once its save is echoed, the kernel's changes apply again");
});

test("the kernel's echo of a save is left out: it would undo a later choice", () => {
  const model = kernelModel({ query: "" }, () => {});
  model.set("query", "a");
  model.save_changes();
  model.set("query", "ab");
  model.save_changes();
  model.receive({ method: "echo_update", state: { query: "a" } });
  assert.equal(model.get("query"), "ab");
});
