// A year of care in the browser, as yibao/rules/year.py runs it (simulate_year, compare_reform,
// year_report, year_inputs, payer_shares), on what Python compiled (yibao.year_rules(city)): the
// credits and each bill's terms come in periods (which rule applies was decided in Python), the page
// runs the months and splits each bill in whole fen with the same operations, so every bill splits
// to the fen as in Python; what Python rejects or cannot compute gives the same message in both
// languages (tests/test_year_parity.py runs both on thousands of generated years).
// No DOM: node imports this module (tests/js, the parity tests).
import { creditPaid, fen as yearCents, poolShare, RuleProblem } from "./credit_periods.js";
import { fill, yuanText } from "./yuan.js";

/** A fen amount rounded to a whole fen (year.py `_fen`). */
function yearFen(amount) {
  return Math.floor(amount + 0.5);
}

/** The UI string `key` of the exported templates, formatted with `fields`, in `lang`. */
function yearText(R, key, lang, fields) {
  const template = R.text[key][lang];
  return fields ? fill(template, fields) : template;
}

export function yearInputError(R, key, fields) {
  return { yearError: true, kind: "input", reason: key, rule: null, zh: yearText(R, `year_bad_${key}`, "zh", fields), en: yearText(R, `year_bad_${key}`, "en", fields) };
}

function yearRethrow(error) {
  if (!error || !error.yearError) throw error;
  return error;
}

function yearLowestConfidence(R, levels) {
  let lowest = null;
  for (const level of levels) if (lowest === null || R.confidence.indexOf(level) > R.confidence.indexOf(lowest)) lowest = level;
  return lowest;
}

/** ISO date arithmetic in UTC: `day` moved by `days`. */
function yearShift(day, days) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Fen credited in the month of `on` and the rules used, from the periods Python compiled (credit_periods.js). */
function yearCredit(R, book, on, yearStarts) {
  try {
    const { paid, ids } = creditPaid(R.credit_periods[book.status], book, on, yearStarts);
    return { amount: paid, rules: ids.map((id) => R.rows[id]) };
  } catch (problem) {
    if (!(problem instanceof RuleProblem)) throw problem;
    throw { yearError: true, kind: "not_computable", reason: null, rule: null, zh: problem.zh, en: problem.en };
  }
}

/** The first of the pieces `starts` (sorted) that `value` falls in. */
function yearPiece(starts, value) {
  let found = starts[0];
  for (const start of starts) if (start <= value) found = start;
  return found;
}

/** A failure Python compiled, as year.py raises it: the day asked about put in its message. */
function yearFailure(R, failure, on) {
  const say = (lang) => failure[lang].replaceAll("{on}", on);
  return { yearError: true, kind: "not_computable", reason: failure.reason, rule: failure.rule === null ? null : R.rows[failure.rule], zh: say("zh"), en: say("en") };
}

/**
 * How a bill of `kind` at `level` (`admission`: first or later stay) splits under the rules in force on
 * `on`, from the terms Python compiled (year.py `bill_terms`): amounts in fen, the rows used; throws what year.py raises.
 */
function yearTermsOnce(R, book, on, kind, level, admission) {
  const B = R.bills;
  const age = book.age === null ? "" : yearPiece(B.ages, book.age);
  const retired = book.retired === null ? "" : yearPiece(B.retired, book.retired);
  const period = B.periods[`${book.status}|${age}|${retired}`].find((p) => p.from <= on && (p.to === null || on < p.to));
  const key = kind === "pharmacy" ? "pharmacy|any|any" : `${kind}|${level}|${kind === "inpatient" ? admission : "any"}`;
  const found = B.table[period.terms[B.keys.indexOf(key)]];
  if (found.error) throw yearFailure(R, found, on);
  const large = Array.isArray(found.large) ? found.large : yearFailure(R, B.table[found.large.error], on);
  return {
    kind: found.kind,
    deductible: found.deductible,
    perAdmission: found.per_admission,
    rate: found.rate,
    cap: found.cap,
    capBasis: found.cap_basis,
    annualCap: found.annual_cap,
    large,
    accountFirst: found.account_first,
    rows: found.rows.map((id) => R.rows[id]),
    largeRows: found.large_rows.map((id) => R.rows[id]),
    costTo: found.cost_to,
    rateBand: found.rate_band === null ? null : yearFailure(R, B.table[found.rate_band], on),
  };
}

function yearFresh() {
  return { outpatient_met: 0, inpatient_met: 0, pharmacy_met: 0, cap_used: 0, fund_paid: 0, large_paid: 0, stays: 0, inpatient_cost: 0 };
}

/** year.py `_split`: [fund, large, account, pocket, deductible left, cap left, above the maximum] (fen; NaN: none). */
function yearSplit(R, amount, terms, used, balance) {
  if (terms.costTo !== null) {
    if (used.inpatient_cost + amount > terms.costTo) throw terms.rateBand;
    used.inpatient_cost += amount;
  }
  const first = terms.accountFirst ? Math.min(amount, balance) : 0;
  const base = amount - first;
  let towards, deductibleLeft;
  if (terms.perAdmission) {
    towards = Math.min(base, terms.deductible);
    deductibleLeft = terms.deductible - towards;
  } else {
    const key = `${terms.kind}_met`;
    const met = used[key];
    towards = Math.min(base, Math.max(terms.deductible - met, 0));
    used[key] = met + towards;
    deductibleLeft = Math.max(terms.deductible - met - towards, 0);
  }
  const eligible = base - towards;
  const room = terms.cap === null ? NaN : Math.max(terms.cap - used.cap_used, 0);
  const [paid, counted] = poolShare(eligible, terms.rate, room, terms.capBasis);
  const wanted = yearFen(paid);
  const fund = terms.annualCap === null ? wanted : Math.min(wanted, Math.max(terms.annualCap - used.fund_paid, 0));
  if (terms.cap !== null) used.cap_used += yearFen(fund === wanted ? counted : (counted * fund) / wanted);
  used.fund_paid += fund;
  let large = 0;
  if (fund < wanted) {
    if (terms.large.yearError) throw terms.large;
    const [share, limit] = terms.large;
    large = yearFen(((wanted - fund) / terms.rate) * share);
    if (limit !== null) large = Math.min(large, Math.max(limit - used.large_paid, 0));
    used.large_paid += large;
  }
  const patient = base - fund - large;
  const later = Math.min(patient, balance - first);
  let capLeft = NaN;
  if (terms.cap !== null) capLeft = Math.max(terms.cap - used.cap_used, 0);
  else if (terms.annualCap !== null) capLeft = Math.max(terms.annualCap - used.fund_paid, 0);
  const left = terms.kind === "pharmacy" ? NaN : deductibleLeft;
  return [fund, large, first + later, patient - later, left, capLeft, fund < wanted];
}

export function yearNumber(R, value, high, key, fields) {
  if (typeof value !== "number" || Number.isNaN(value) || !(value >= 0 && value <= high)) throw yearInputError(R, key, { high: yuanText(yearCents(high), 0), ...fields });
  return value;
}

/** The checked inputs as year.py `_simulate` checks them (the choices a page offers are valid already). */
function yearChecked(R, inputs) {
  const { limits } = R;
  const wage = inputs.wage_base === null ? null : yearNumber(R, inputs.wage_base, limits.max_wage, "wage_base", {});
  const pension = inputs.pension === null ? null : yearNumber(R, inputs.pension, limits.max_wage, "pension", {});
  const [low, high] = limits.age;
  if (inputs.age !== null && !(Number.isInteger(inputs.age) && inputs.age >= low && inputs.age <= high)) throw yearInputError(R, "age", { low, high });
  const opening = yearCents(yearNumber(R, inputs.opening_balance, limits.max_balance, "opening_balance", {}));
  const events = inputs.events;
  if (events.length > limits.max_events) throw yearInputError(R, "events", { most: limits.max_events });
  const { year } = inputs;
  const bills = events.map(([date, kind, amount, level], i) => {
    const n = i + 1;
    if (!(date >= `${year}-01-01` && date <= `${year}-12-31`)) throw yearInputError(R, "date", { n, year });
    const fen = yearCents(yearNumber(R, amount, limits.max_bill, "amount", { n }));
    return { date, kind, amount: fen, level: level === undefined ? "any" : level, position: n };
  });
  bills.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const retiredIn = inputs.retirement_year ?? null;
  const first = limits.first_retirement_year;
  if (retiredIn !== null && !(Number.isInteger(retiredIn) && retiredIn >= first && retiredIn <= year)) throw yearInputError(R, "retirement_year", { low: first, high: year });
  const retired = retiredIn === null ? null : `${retiredIn}-01-01`;
  return { status: inputs.status, wage_base: wage, pension, age: inputs.age, retired, opening, year, bills };
}

function yearRuleDay(R, rules) {
  const reform = R.reform_date;
  if (rules === "actual" || reform === null) return (day) => day;
  if (rules === "before_reform") {
    const last = yearShift(reform, -1);
    return (day) => (day < last ? day : last);
  }
  return (day) => (day > reform ? day : reform);
}

function yearBillRecord(R, row) {
  const { kind, hospital_level: level } = row;
  return {
    event: row.event,
    date: row.date,
    kind,
    kind_zh: R.text[`care_${kind}`].zh,
    kind_en: R.text[`care_${kind}`].en,
    hospital_level: level,
    level_zh: kind === "pharmacy" ? "" : R.text[`level_${level}`].zh,
    level_en: kind === "pharmacy" ? "" : R.text[`level_${level}`].en,
    amount: row.amount,
  };
}

/**
 * year.py `_simulate` with uncomputable="skip": {summary, events, not_computed, rules (Map id → row)}.
 * `leaveOut` (Map position → row) lists bills not to compute. Throws a year error (input or credits).
 */
function yearRun(R, inputs, rules, leaveOut) {
  const checked = yearChecked(R, inputs);
  const { year, bills } = checked;
  const book = { status: checked.status, age: checked.age, retired: checked.retired, wage_base: checked.wage_base, pension: checked.pension };
  const ruleDay = yearRuleDay(R, rules);
  const yearStart = R.benefit_year_start;
  const reset = `${year}-${yearStart}`;
  const resetMonth = Number(yearStart.slice(0, 2));
  let balance = checked.opening;
  let used = yearFresh();
  let resetDone = yearStart === "01-01";
  const rows = [];
  const skipped = [];
  const credits = [];
  const applied = new Map();
  const paid = Object.fromEntries(R.kinds.map((kind) => [kind, [0, 0, 0, 0, 0]]));
  let received = 0;
  let next = 0;
  const pad = (n) => String(n).padStart(2, "0");
  for (let month = 1; month <= 12; month += 1) {
    const day = `${year}-${pad(month)}-01`;
    if (!resetDone && day >= reset) {
      used = yearFresh();
      resetDone = true;
    }
    const credit = yearCredit(R, book, ruleDay(day), month === resetMonth);
    balance += credit.amount;
    received += credit.amount;
    credits.push(credit.rules);
    const end = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
    while (next < bills.length && bills[next].date < end) {
      const { date: when, kind, amount: bill, level, position } = bills[next];
      next += 1;
      if (!resetDone && when >= reset) {
        used = yearFresh();
        resetDone = true;
      }
      const admission = kind === "inpatient" ? (used.stays === 0 ? "first" : "later") : "any";
      if (leaveOut.has(position)) {
        skipped.push(leaveOut.get(position));
        used.stays += Number(kind === "inpatient");
        continue;
      }
      const saved = { ...used };
      let terms, split;
      try {
        terms = yearTermsOnce(R, book, ruleDay(when), kind, level, admission);
        split = yearSplit(R, bill, terms, used, balance);
      } catch (error) {
        const exc = yearRethrow(error);
        used = saved;
        skipped.push({
          event: position,
          date: when,
          kind,
          hospital_level: level,
          amount: bill / 100,
          rules,
          reason: exc.reason,
          rule: exc.rule === null ? null : exc.rule.id,
          source_ids: exc.rule === null ? [] : [...exc.rule.source_ids],
          reason_zh: exc.zh,
          reason_en: exc.en,
        });
        used.stays += Number(kind === "inpatient");
        continue;
      }
      const [fund, large, account, pocket, deductibleLeft, capLeft, aboveMax] = split;
      used.stays += Number(kind === "inpatient");
      balance -= account;
      [bill, fund + large, large, account, pocket].forEach((value, i) => {
        paid[kind][i] += value;
      });
      const appliedRows = aboveMax ? [...terms.rows, ...terms.largeRows] : terms.rows;
      for (const row of appliedRows) if (!applied.has(row.id)) applied.set(row.id, row);
      const plain = (fen) => (Number.isNaN(fen) ? null : fen / 100);
      rows.push({
        event: position,
        date: when,
        kind,
        hospital_level: level,
        amount: bill / 100,
        pooled_fund: (fund + large) / 100,
        large_amount: large / 100,
        personal_account: account / 100,
        out_of_pocket: pocket / 100,
        deductible_left: plain(deductibleLeft),
        cap_left: plain(capLeft),
        balance: balance / 100,
        rule: appliedRows.map((r) => r.id),
        source_ids: [...new Set(appliedRows.flatMap((r) => r.source_ids))],
        confidence: yearLowestConfidence(R, appliedRows.map((r) => r.confidence)),
      });
    }
  }
  for (const ruleRows of credits) for (const row of ruleRows) if (!applied.has(row.id)) applied.set(row.id, row);
  const total = (i) => R.kinds.reduce((sum, kind) => sum + paid[kind][i], 0) / 100;
  const money = ["bill", "pooled_fund", "large_amount", "personal_account", "out_of_pocket"];
  const summary = {
    city: R.city,
    status: checked.status,
    year,
    rules,
    reform_date: R.reform_date,
    benefit_year_start: yearStart,
    events: rows.length,
    not_computed: skipped.length,
    ...Object.fromEntries(money.map((name, i) => [name, total(i)])),
    by_kind: Object.fromEntries(R.kinds.map((kind) => [kind, Object.fromEntries(money.map((name, i) => [name, paid[kind][i] / 100]))])),
    opening_balance: checked.opening / 100,
    credits_received: received / 100,
    closing_balance: balance / 100,
    source_ids: [...new Set([...applied.values()].flatMap((r) => r.source_ids))].sort(),
    confidence: yearLowestConfidence(R, [...applied.values()].map((r) => r.confidence)),
  };
  return { summary, events: rows, not_computed: skipped, rules: applied };
}

/** payer_shares: the stacked bar's segments, shares by largest remainder adding up to 100.0. */
function yearPayerShares(R, pooledFund, personalAccount, outOfPocket) {
  const amounts = [pooledFund, personalAccount, outOfPocket].map(yearCents);
  const total = amounts[0] + amounts[1] + amounts[2];
  const divide = (x) => {
    let q = Math.floor(x / total);
    while (q * total > x) q -= 1;
    while ((q + 1) * total <= x) q += 1;
    return q;
  };
  const tenths = amounts.map((amount) => (total ? divide(amount * 1000) : 0));
  if (total) {
    const remainder = (i) => amounts[i] * 1000 - divide(amounts[i] * 1000) * total;
    const order = [0, 1, 2].sort((a, b) => remainder(b) - remainder(a));
    for (const i of order.slice(0, 1000 - (tenths[0] + tenths[1] + tenths[2]))) tenths[i] += 1;
  }
  return R.payers.map((payer, i) => ({ payer, amount: amounts[i] / 100, share: tenths[i] / 10, label_zh: R.text[payer].zh, label_en: R.text[payer].en }));
}

/** year_report.py `year_headline`: the totals in one sentence, naming the bills left out of them. */
function yearHeadline(R, run, lang) {
  const s = run.summary;
  const money = (amount) => yuanText(yearCents(amount));
  const fields = { year: s.year, bill: money(s.bill), fund: money(s.pooled_fund), account: money(s.personal_account), pocket: money(s.out_of_pocket) };
  if (!run.not_computed.length) return yearText(R, "year_answer", lang, fields);
  const named = R.kinds
    .map((kind) => [kind, run.not_computed.filter((row) => row.kind === kind).length])
    .filter(([, count]) => count)
    .map(([kind, count]) => yearText(R, `bills_${kind}_${count === 1 ? "one" : "many"}`, lang, { count }));
  const leftAmount = run.not_computed.reduce((sum, row) => sum + row.amount, 0);
  return yearText(R, "year_answer_partial", lang, { ...fields, left_out: named.join(lang === "zh" ? "、" : ", "), left_amount: money(leftAmount) });
}

function yearSide(R, run) {
  const { summary } = run;
  return {
    rules: summary.rules,
    label_zh: R.text[`rules_${summary.rules}`].zh,
    label_en: R.text[`rules_${summary.rules}`].en,
    headline_zh: yearHeadline(R, run, "zh"),
    headline_en: yearHeadline(R, run, "en"),
    summary,
    bar: yearPayerShares(R, summary.pooled_fund, summary.personal_account, summary.out_of_pocket),
  };
}

/** Python's round(x, 2) for amounts that are sums of whole fen. */
function yearRound2(x) {
  return Math.round(x * 100) / 100;
}

/** compare_reform with uncomputable="skip": the same bills before and after the reform. */
function yearCompare(R, inputs) {
  let before = yearRun(R, inputs, "before_reform", new Map());
  let after = yearRun(R, inputs, "after_reform", new Map());
  let failed;
  for (;;) {
    failed = new Map();
    for (const row of [...after.not_computed, ...before.not_computed]) failed.set(row.event, row);
    if (failed.size === before.not_computed.length && failed.size === after.not_computed.length) break;
    if (before.not_computed.length !== failed.size) before = yearRun(R, inputs, "before_reform", failed);
    if (after.not_computed.length !== failed.size) after = yearRun(R, inputs, "after_reform", failed);
  }
  const keys = ["bill", "pooled_fund", "large_amount", "personal_account", "out_of_pocket", "credits_received", "closing_balance"];
  const difference = Object.fromEntries(keys.map((key) => [key, yearRound2(after.summary[key] - before.summary[key])]));
  const net = yearRound2(difference.closing_balance - difference.out_of_pocket);
  const key = net > 0 ? "reform_better" : net < 0 ? "reform_worse" : "reform_same";
  const leftOut = [...failed.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.event - b.event));
  return { before, after, difference, net_gain: net, explanation_zh: yearText(R, key, "zh", { amount: yuanText(yearCents(Math.abs(net))) }), explanation_en: yearText(R, key, "en", { amount: yuanText(yearCents(Math.abs(net))) }), not_computed: leftOut };
}

function yearSources(R, ids) {
  return ids.map((id) => R.citations[id]);
}

function yearReason(row) {
  return { rules: row.rules, reason: row.reason, rule: row.rule, reason_zh: row.reason_zh, reason_en: row.reason_en, source_ids: row.source_ids };
}

/**
 * year_report: the year under `inputs.rules`, each bill, the rules applied and the reform comparison,
 * or `{error_zh, error_en}` where Python raises (an input out of range, a year that cannot be computed).
 * inputs: {status, year, events: [[date, kind, amount, level]], wage_base, age, pension, opening_balance, rules}.
 */
export function yearReport(R, inputs) {
  let run;
  try {
    run = yearRun(R, inputs, inputs.rules, new Map());
  } catch (error) {
    const exc = yearRethrow(error);
    return { error_zh: exc.zh, error_en: exc.en };
  }
  const split = ["pooled_fund", "large_amount", "personal_account", "out_of_pocket", "deductible_left", "cap_left", "balance", "rule", "source_ids", "confidence"];
  const bills = [
    ...run.events.map((row) => ({
      ...yearBillRecord(R, row),
      computed: true,
      ...Object.fromEntries(split.map((key) => [key, row[key]])),
      bar: yearPayerShares(R, row.pooled_fund, row.personal_account, row.out_of_pocket),
    })),
    ...run.not_computed.map((row) => ({ ...yearBillRecord(R, row), computed: false, ...yearReason(row), sources: yearSources(R, row.source_ids) })),
  ];
  bills.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.event - b.event));
  let comparison = null;
  if (R.reform_date !== null) {
    comparison = { reform_date: R.reform_date };
    let compared = null;
    try {
      compared = yearCompare(R, inputs);
    } catch (error) {
      const exc = yearRethrow(error);
      Object.assign(comparison, { before: null, after: null, error_zh: exc.zh, error_en: exc.en });
    }
    if (compared !== null) {
      Object.assign(comparison, {
        before: yearSide(R, compared.before),
        after: yearSide(R, compared.after),
        difference: compared.difference,
        net_gain: compared.net_gain,
        explanation_zh: compared.explanation_zh,
        explanation_en: compared.explanation_en,
        not_computed: compared.not_computed.map((row) => ({ ...yearBillRecord(R, row), ...yearReason(row) })),
        error_zh: null,
        error_en: null,
      });
    }
  }
  const rules = {};
  for (const [id, row] of run.rules) {
    rules[id] = {
      parameter: row.parameter,
      region: row.region,
      description_zh: row.description_zh,
      description_en: row.description_en,
      confidence: row.confidence,
      source_ids: [...row.source_ids],
      valid_from: row.valid_from,
      valid_to: row.valid_to,
      sources: yearSources(R, row.source_ids),
      report_url: row.report_url,
    };
  }
  return { city: R.city, region_zh: R.region_zh, region_en: R.region_en, year: yearSide(R, run), events: bills, rules, comparison };
}

/** year_inputs: which of wage_base, age and pension the crediting rules of `year` use (Python decided, per status and year). */
export function yearInputs(R, status, year) {
  return R.inputs[status][String(year)];
}
