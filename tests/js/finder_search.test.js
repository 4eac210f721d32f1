// The question finder's ranking (yibao/widgets/js/finder_search.js) on a three-question index made by hand.
import assert from "node:assert/strict";
import { test } from "node:test";

import { finderCompile, finderSearch } from "../../yibao/widgets/js/finder_search.js";

/** The shape of yibao.question_index(), small enough to score by hand: one field, four features. */
const INDEX = {
  text: { char_map: { 帐: "账" }, zh_stop: "[吗的]", cjk: "[\\u3400-\\u9fff]+", word: "[a-z0-9]+", en_stop: ["my"], stem_rules: [["s", ""]] },
  params: {
    max_query_chars: 300,
    min_score: 0.1,
    field_weights: [["question", 1.0]],
    feature_weights: { 1: 0.2, 2: 1.0, 3: 1.2, k: 0.5, w: 1.0, t: 0.25, s: 1.5 },
    scheme_boost: 0.3,
    scheme_count: 4,
    k1: 1.2,
    b: 0.75,
  },
  synonyms: [{ id: "account", chinese: ["账户"], words: [" account "], typo: null }],
  synonym_schemes: { account: "employee" },
  rows: [
    { id: "balance", topic: "money", schemes: ["employee"] },
    { id: "withdraw", topic: "money", schemes: ["employee", "resident"] },
    { id: "scheme", topic: "scheme", schemes: ["resident"] },
  ],
  // feature: [its idf's position, postings of the field: [row, count, …]]
  features: { "w:balanc": [0, [0, 2]], "w:withdraw": [1, [1, 1]], "s:account": [2, [0, 1, 1, 1]], "2:账户": [3, [0, 1, 1, 1]] },
  idf: [2.0, 2.0, 1.0, 1.0],
  lengths: { question: [10, 10, 10] },
  average: { question: 10 },
};
const finder = finderCompile(INDEX);

test("a word scores by BM25: weight × idf × count × (k1 + 1) / (count + k1), at the average length", () => {
  const [best, ...rest] = finderSearch(finder, "my balances");
  assert.equal(best.id, "balance");
  assert.ok(Math.abs(best.score - (2 * 2 * 2.2) / (2 + 1.2)) < 1e-12, String(best.score));
  assert.deepEqual(rest, []);
});

test("a synonym naming a scheme lifts the questions about fewer schemes", () => {
  const hits = finderSearch(finder, "帐户"); // the traditional 帐 reads as 账
  assert.deepEqual(
    hits.map((hit) => hit.id),
    ["balance", "withdraw"],
  );
  assert.ok(Math.abs(hits[0].score / hits[1].score - 1.3 / 1.15) < 1e-12);
});

test("a topic without a query lists its questions in order; no query and no topic lists nothing", () => {
  assert.deepEqual(
    finderSearch(finder, "", { topic: "money" }).map((hit) => [hit.id, hit.score]),
    [
      ["balance", 0],
      ["withdraw", 0],
    ],
  );
  assert.deepEqual(finderSearch(finder, "   "), []);
  assert.deepEqual(finderSearch(finder, "账户", { topic: "scheme" }), []);
  assert.equal(finderSearch(finder, "账户 balance withdraw", { limit: 1 }).length, 1);
});
