// Share links (yibao/widgets/js/address.js): an explainer's choices read from and written to the address.
import assert from "node:assert/strict";
import { test } from "node:test";

import { pageChoice, readAddress, writeAddress } from "../../yibao/widgets/js/address.js";

const SPECS = {
  city: { trait: "region", values: ["national", "wuhan"] },
  age: { trait: "age", min: 18, max: 100, integer: true },
  wage: { trait: "wage", min: 0, max: 100000 },
};

test("reads the allowed values under the explainer's trait names", () => {
  assert.deepEqual(readAddress(SPECS, "?city=wuhan&age=72&wage=8000.5&lang=en"), { values: { region: "wuhan", age: 72, wage: 8000.5 }, ignored: [] });
});

test("ignores what is not allowed and names it", () => {
  const { values, ignored } = readAddress(SPECS, "?city=atlantis&age=72.5&wage=-1");
  assert.deepEqual(values, {});
  assert.deepEqual(ignored, [["city", "atlantis"], ["age", "72.5"], ["wage", "-1"]]);
  assert.deepEqual(readAddress(SPECS, "?age=101").ignored, [["age", "101"]]);
});

test("writes the current choices, keeping the page's own parameters", () => {
  const now = { region: "wuhan", age: 40, wage: 8000 };
  const href = writeAddress(SPECS, (trait) => now[trait], "http://127.0.0.1/01_accounts.html?lang=en&city=national");
  assert.equal(href, "http://127.0.0.1/01_accounts.html?lang=en&city=wuhan&age=40&wage=8000");
  assert.deepEqual(readAddress(SPECS, new URL(href).search).values, now);
});

test("the page's own choices: only the allowed values", () => {
  assert.equal(pageChoice("?size=large", "size", ["large", "normal"]), "large");
  assert.equal(pageChoice("?size=huge", "size", ["large", "normal"]), null);
  assert.equal(pageChoice("", "lang", ["zh", "en"]), null);
});
