// The question finder's ranking in the browser: the arithmetic twin of yibao/answers/questions.py
// (find_questions), run on the index Python hands over (yibao.questions.question_index()).
// Same features, same order of additions, same floating-point operations: the same questions in
// the same order with the same scores (tests/test_finder_parity.py runs both on hundreds of queries).
// No DOM: node imports this module (tests/js, the parity tests).

/** The exported index with its patterns compiled (once per page). */
export function finderCompile(index) {
  const rules = index.text;
  return {
    index,
    charMap: new Map(Object.entries(rules.char_map)),
    zhStop: new RegExp(rules.zh_stop, "gu"),
    cjk: new RegExp(rules.cjk, "gu"),
    word: new RegExp(rules.word, "gu"),
    enStop: new Set(rules.en_stop),
    typos: index.synonyms.map((group) => (group.typo === null ? null : new RegExp(group.typo, "u"))),
    synonymSchemes: new Map(Object.entries(index.synonym_schemes)),
    features: new Map(Object.entries(index.features)),
  };
}

function finderNormalize(finder, text) {
  let out = "";
  for (const ch of text.normalize("NFKC").toLowerCase()) out += finder.charMap.get(ch) ?? ch;
  return out;
}

function finderStem(finder, word) {
  for (const [suffix, replacement] of finder.index.text.stem_rules) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      word = word.slice(0, word.length - suffix.length) + replacement;
      break;
    }
  }
  return word.endsWith("e") && word.length > 3 ? word.slice(0, -1) : word;
}

/** The bag of features of one text, in the order Python's Counter meets them: Map feature → count. */
function finderFeatures(finder, raw) {
  const text = finderNormalize(finder, raw);
  const bag = new Map();
  const add = (feature) => bag.set(feature, (bag.get(feature) ?? 0) + 1);
  const words = (text.match(finder.word) ?? []).map((word) => (word.endsWith("'s") ? word.slice(0, -2) : word).replace(/'+$/u, ""));
  const spaced = ` ${words.join(" ")} `;
  finder.index.synonyms.forEach((group, i) => {
    const typo = finder.typos[i];
    if (group.chinese.some((v) => text.includes(v)) || group.words.some((v) => spaced.includes(v)) || (typo !== null && typo.test(text))) {
      add(`s:${group.id}`);
    }
  });
  for (const run of text.replace(finder.zhStop, " ").match(finder.cjk) ?? []) {
    for (const n of [1, 2, 3]) for (let i = 0; i + n <= run.length; i++) add(`${n}:${run.slice(i, i + n)}`);
    for (let i = 0; i + 2 < run.length; i++) add(`k:${run[i]}_${run[i + 2]}`);
  }
  for (const word of words) {
    if (finder.enStop.has(word)) continue;
    const stem = finderStem(finder, word);
    add(`w:${stem}`);
    if (!/^[0-9]+$/u.test(stem)) {
      const padded = `#${stem}#`;
      for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`);
    }
  }
  return bag;
}

/** BM25 over the fields, then the lift for questions about the scheme the query names: Map row → score. */
function finderScores(finder, query) {
  const { params, idf, lengths, average, rows } = finder.index;
  const k1 = params.k1;
  const b = params.b;
  const scores = new Map();
  for (const feature of query.keys()) {
    const entry = finder.features.get(feature);
    if (entry === undefined) continue;
    const weight = params.feature_weights[feature.split(":", 1)[0]] * idf[entry[0]];
    params.field_weights.forEach(([field, fieldWeight], f) => {
      const postings = entry[f + 1];
      for (let p = 0; p < postings.length; p += 2) {
        const number = postings[p];
        const count = postings[p + 1];
        const norm = count + k1 * (1 - b + (b * lengths[field][number]) / average[field]);
        scores.set(number, (scores.get(number) ?? 0) + (fieldWeight * weight * count * (k1 + 1)) / norm);
      }
    });
  }
  const named = new Set();
  for (const feature of query.keys()) {
    if (feature.startsWith("s:") && finder.synonymSchemes.has(feature.slice(2))) named.add(finder.synonymSchemes.get(feature.slice(2)));
  }
  if (named.size) {
    for (const [number, score] of scores) {
      const about = new Set(rows[number].schemes);
      if ([...about].some((s) => named.has(s)) && about.size < params.scheme_count) {
        scores.set(number, score * (1 + params.scheme_boost / (named.size * about.size)));
      }
    }
  }
  return scores;
}

/**
 * The best questions for `text`, best first: [{number, id, score}] (at most `limit`). `topic`
 * (null: all) keeps one topic's questions; with a topic and no text, that topic's questions in order.
 */
export function finderSearch(finder, text, { topic = null, limit = 5 } = {}) {
  const { params, rows } = finder.index;
  const wanted = rows.map((row, number) => (topic === null || row.topic === topic ? number : -1)).filter((n) => n >= 0);
  const query = finderFeatures(finder, Array.from(text).slice(0, params.max_query_chars).join(""));
  let hits;
  if (query.size === 0) {
    hits = topic === null ? [] : wanted.map((number) => [number, 0]);
  } else {
    const scores = finderScores(finder, query);
    hits = wanted
      .filter((number) => (scores.get(number) ?? 0) >= params.min_score)
      .map((number) => [number, scores.get(number)])
      .sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  }
  return hits.slice(0, limit).map(([number, score]) => ({ number, id: rows[number].id, score }));
}
