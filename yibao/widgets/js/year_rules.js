// A year of care in the page: yibao.year_report (simulate_year, compare_reform) on what Python compiled
// (yibao.year_rules(city): the credits and each bill's terms in periods, the input checks, the texts).
// The page runs the months, splits each bill in whole fen with Python's operations and fills Python's
// sentences; tests/test_year_parity.py runs both on thousands of generated years. No DOM (node imports it).
import { addMonths, creditMonths, fen, periodOn, RuleProblem, split } from "./credit_periods.js";
import { fill, yuanText } from "./yuan.js";

/**
 * `value` if it passes year.py's check `name` (R.checks, Python's ranges: a number from `low` to `high`, whole
 * where asked; absent: the year in `fields`), else its message with Python's fields and `fields` (the bill's number, the year).
 */
export function yearCheck(R, name, value, fields = {}) {
  const { low = fields.year, high = fields.year, whole, said } = R.checks[name];
  if (typeof value === "number" && (!whole || Number.isInteger(value)) && value >= low && value <= high) return value;
  throw new RuleProblem(R.text[`year_bad_${name}`], { low, high, ...said, ...fields });
}

/** Bills (or rows) in date order, then in the order given. */
const byDate = (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.event - b.event);

/** The inputs checked in the order year.py `check_year` checks them; amounts in fen, bills in date order. */
function yearChecked(R, inputs) {
  const { year, events } = inputs;
  const [wage, pension, age] = ["wage_base", "pension", "age"].map((name) => (inputs[name] === null ? null : yearCheck(R, name, inputs[name])));
  const opening = fen(yearCheck(R, "opening_balance", inputs.opening_balance));
  yearCheck(R, "events", events.length);
  const bills = events.map(([date, kind, amount, level = "any"], i) => {
    yearCheck(R, "date", Number(date.slice(0, 4)), { n: i + 1, year });
    return { date, kind, amount: fen(yearCheck(R, "amount", amount, { n: i + 1 })), level, event: i + 1 };
  });
  const retiredIn = inputs.retirement_year ?? null;
  const retired = retiredIn === null ? null : `${yearCheck(R, "retirement_year", retiredIn, { year })}-01-01`;
  return { book: { status: inputs.status, wage_base: wage, pension, age, retired }, opening, year, bills: bills.sort(byDate) };
}

/**
 * How a bill of `kind` at `level` (`admission`: first or later stay) splits under the rules in force on `on`:
 * the terms Python compiled (year.py `bill_terms`, amounts in fen) and `fail`, the problem of a failure it refers to.
 */
function yearTerms(R, book, on, kind, level, admission) {
  const B = R.bills;
  const piece = (starts, value) => (value === null ? "" : starts.filter((start) => start <= value).at(-1));
  const period = periodOn(B.periods[`${book.status}|${piece(B.ages, book.age)}|${piece(B.retired, book.retired)}`], on);
  const fail = (index) => new RuleProblem(B.table[index], { on });
  const index = period.terms[B.keys.indexOf(kind === "pharmacy" ? "pharmacy|any|any" : `${kind}|${level}|${admission}`)];
  if (B.table[index].error) throw fail(index);
  return { ...B.table[index], fail };
}

/** payer_shares: the stacked bar's segments, shares in tenths of a percent by largest remainder, adding up to 100.0. */
function yearPayerShares(R, amounts) {
  const total = amounts[0] + amounts[1] + amounts[2];
  const tenths = amounts.map((amount) => (total ? Number((BigInt(amount) * 1000n) / BigInt(total)) : 0));
  const order = [0, 1, 2].sort((a, b) => (amounts[b] * 1000 - tenths[b] * total) - (amounts[a] * 1000 - tenths[a] * total));
  if (total) for (const i of order.slice(0, 1000 - (tenths[0] + tenths[1] + tenths[2]))) tenths[i] += 1;
  return R.payers.map((payer, i) => ({ payer, amount: amounts[i] / 100, share: tenths[i] / 10, label_zh: R.text[payer].zh, label_en: R.text[payer].en }));
}

/**
 * year.py `run_year` with skip: {rules (the set's name), totals (fen), events (the bills computed, as year_report
 * lists them), not_computed, applied (rule ids)}.
 * `leaveOut` (Map position → row) lists bills not to compute. Throws a RuleProblem (an input, or the credits).
 */
function yearRun(R, inputs, rules, leaveOut) {
  const { book, opening, year, bills } = yearChecked(R, inputs);
  const [first, last] = R.rule_days[rules] ?? [null, null]; // each day's rules, or those of the reform's eve or day
  const ruleDay = (day) => (first !== null && day < first ? first : last !== null && day > last ? last : day);
  const events = [];
  const skipped = [];
  const applied = new Set();
  const totals = { bill: 0, fund: 0, account: 0, pocket: 0, received: 0, balance: opening }; // fen
  let next = 0;
  const months = creditMonths(R.credit_periods[book.status], `${year}-01-01`, 12, R.benefit_year_start, ruleDay, () => book);
  for (const { month, used, credit, ids } of months) {
    totals.received += credit;
    totals.balance += credit;
    ids.forEach((id) => applied.add(id)); // the rules in the order first used, as year.py lists them
    for (; next < bills.length && bills[next].date < addMonths(month, 1); next += 1) {
      const { date, kind, amount, level, event } = bills[next];
      const record = { event, date, kind, amount: amount / 100, ...R.bill_labels[`${kind}|${level}`] };
      const admission = kind === "inpatient" ? (used.stays === 0 ? "first" : "later") : "any";
      const saved = { ...used };
      try {
        if (leaveOut.has(event)) {
          skipped.push(leaveOut.get(event)); // the other side of the comparison could not compute it
        } else {
          const terms = yearTerms(R, book, ruleDay(date), kind, level, admission);
          const { fund, large, account, pocket, deductibleLeft, capLeft, aboveMax } = split(amount, terms, used, totals.balance);
          totals.balance -= account;
          for (const [name, value] of Object.entries({ bill: amount, fund: fund + large, account, pocket })) totals[name] += value;
          const ids = aboveMax ? [...terms.rows, ...terms.large_rows] : terms.rows;
          ids.forEach((id) => applied.add(id));
          const plain = (x) => (Number.isNaN(x) ? null : x / 100);
          const paid = { pooled_fund: (fund + large) / 100, large_amount: large / 100, personal_account: account / 100, out_of_pocket: pocket / 100 };
          const left = { deductible_left: plain(deductibleLeft), cap_left: plain(capLeft), balance: totals.balance / 100 };
          events.push({ ...record, computed: true, ...paid, ...left, rule: ids, bar: yearPayerShares(R, [fund + large, account, pocket]) });
        }
      } catch (problem) {
        if (!(problem instanceof RuleProblem)) throw problem;
        Object.assign(used, saved); // a bill past the yearly maximum may have counted towards it before failing
        skipped.push({ ...record, computed: false, rules, reason_zh: problem.zh, reason_en: problem.en, sources: problem.sources });
      }
      used.stays += Number(kind === "inpatient");
    }
  }
  return { rules, totals, events, not_computed: skipped, applied };
}

/** year_report.py `_side`: the run's headline (year_headline: the totals, naming the bills left out of them), totals and bar. */
function yearSide(R, run, year) {
  const { bill, fund, account, pocket, received, balance } = run.totals;
  const fields = { year, bill: yuanText(bill), fund: yuanText(fund), account: yuanText(account), pocket: yuanText(pocket) };
  const left = run.not_computed;
  const counted = R.kinds.map((kind) => [kind, left.filter((row) => row.kind === kind).length]).filter(([, count]) => count);
  const named = (lang) => counted.map(([kind, count]) => fill(R.text[`bills_${kind}_${count === 1 ? "one" : "many"}`][lang], { count })).join(R.list_joiner[lang]);
  const partial = { left_amount: yuanText(fen(left.reduce((sum, row) => sum + row.amount, 0))) };
  const headline = (lang) => fill(R.text[left.length ? "year_answer_partial" : "year_answer"][lang], { ...fields, ...partial, left_out: named(lang) });
  const totals = { bill: bill / 100, credits_received: received / 100, closing_balance: balance / 100 };
  return { rules: run.rules, headline_zh: headline("zh"), headline_en: headline("en"), ...totals, bar: yearPayerShares(R, [fund, account, pocket]) };
}

/** reform.py `compare_year` with skip: the same bills before and after the reform (a bill left out of one side is left out of both). */
function yearCompare(R, inputs) {
  const run = (rules, failed) => yearRun(R, inputs, rules, failed);
  let [before, after, failed] = [run("before_reform", new Map()), run("after_reform", new Map()), new Map()];
  for (;;) {
    failed = new Map([...after.not_computed, ...before.not_computed].map((row) => [row.event, row]));
    if (failed.size === before.not_computed.length && failed.size === after.not_computed.length) break;
    if (before.not_computed.length !== failed.size) before = run("before_reform", failed);
    if (after.not_computed.length !== failed.size) after = run("after_reform", failed);
  }
  const net = after.totals.balance - before.totals.balance - (after.totals.pocket - before.totals.pocket); // fen
  const key = net > 0 ? "reform_better" : net < 0 ? "reform_worse" : "reform_same";
  const explained = (lang) => fill(R.text[key][lang], { amount: yuanText(Math.abs(net)) });
  const sides = { before: yearSide(R, before, inputs.year), after: yearSide(R, after, inputs.year) };
  const notComputed = [...failed.values()].sort(byDate);
  return { ...sides, net_gain: net / 100, explanation_zh: explained("zh"), explanation_en: explained("en"), not_computed: notComputed };
}

/** What `compute` gives, or `{error_zh, error_en}` where it throws a RuleProblem (where Python raises). */
function orProblem(compute) {
  try {
    return compute();
  } catch (problem) {
    if (!(problem instanceof RuleProblem)) throw problem;
    return { error_zh: problem.zh, error_en: problem.en };
  }
}

/**
 * year_report: the year under `inputs.rules`, each bill, the rules applied and the reform comparison,
 * or `{error_zh, error_en}` where Python raises (an input out of range, a year that cannot be computed).
 * inputs: {status, year, events: [[date, kind, amount, level]], wage_base, age, pension, opening_balance, rules, retirement_year}.
 */
export function yearReport(R, inputs) {
  const run = orProblem(() => yearRun(R, inputs, inputs.rules, new Map()));
  if ("error_zh" in run) return run;
  const comparison = R.reform_date === null ? null : { reform_date: R.reform_date, ...orProblem(() => yearCompare(R, inputs)) };
  const rules = [...run.applied].map((id) => [id, { ...R.rows[id], sources: R.rows[id].source_ids.map((s) => R.citations[s]) }]);
  const events = [...run.events, ...run.not_computed].sort(byDate);
  return { ...R.region, year: yearSide(R, run, inputs.year), events, rules: Object.fromEntries(rules), comparison };
}
