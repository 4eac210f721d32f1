// The monthly credit and the balance projection in the page, on what Python compiled (yibao.credit_rules()):
// find the period (which rule applies, the texts, sources, inputs and tiers are Python's), do the arithmetic
// in fen and fill Python's sentences, returning what the explainers draw (tests/test_credit_parity.py runs
// both on thousands of cases). No DOM (node imports it). Dates are ISO strings ("YYYY-MM-DD").
import { creditMonths, creditParts, fen, periodOn, RuleProblem, split } from "./credit_periods.js";
export { addMonths } from "./credit_periods.js";
import { fill, yuanText } from "./yuan.js";

/** The compiled periods of a region for a status, tier and minimum-years answer (yibao.rules.credit.answer_key). */
function compiledFor(c, region, status, tier, yearsMet) {
  return { periods: c.answers.periods[region][`${status}|${tier ?? ""}|${yearsMet ?? ""}`], messages: c.answers.messages };
}

/** The answer's headline: "¥x a month", or, where part of it is a yearly credit (Shanghai's retirees), the yearly amount and its date first. */
export function creditHeadline(c, credit, city, lang) {
  const amount = yuanText(fen(credit.amount));
  const yearly = credit.parts.reduce((sum, p) => sum + fen(p.yearly_amount), 0);
  const key = !yearly ? "" : credit.parts.every((p) => p.yearly) ? "_yearly" : "_mixed";
  return fill(c.text[`credit_headline${key}`][lang], { amount, yearly: yuanText(yearly), date: c.regions[city ?? "national"].benefit_year_start });
}

/**
 * What the calculator draws of monthly_personal_credit(wage, {status, city, on, pension, age, tier, yearsMet}), in both
 * languages: yibao.rules.credit.credit_shown (the parts give their rule rows' ids, base_limits the limit rows' ids);
 * throws a RuleProblem where Python raises NotComputable.
 */
export function creditMonthly(c, wage, options) {
  const o = { status: "employee", city: null, pension: null, age: null, tier: null, yearsMet: null, ...options };
  const region = o.city ?? "national";
  const compiled = compiledFor(c, region, o.status, o.tier, o.yearsMet);
  const { period, base, clamped, paid } = creditParts(compiled, { wage_base: wage, pension: o.pension, age: o.age }, o.on);
  const parts = paid.map(({ part, fen: payment }) => {
    const monthly = part.yearly ? Math.floor((payment + 6) / 12) : payment;
    return { row_id: part.id, payer: part.payer, amount: monthly / 100, yearly: part.yearly, yearly_amount: part.yearly ? payment / 100 : 0 };
  });
  const yearly = Object.fromEntries(parts.filter((p) => p.yearly).map((p, i) => [`yearly${i}`, yuanText(fen(p.yearly_amount))]));
  const fields = { wage: yuanText(fen(wage)).replace(/\.00$/, ""), on: o.on, ...yearly };
  const { rule, confidence } = period.said[clamped ?? "none"];
  const [text, reform] = [compiled.messages[rule], period.answer.reform_date];
  const [amount, after] = [parts.reduce((sum, p) => sum + fen(p.amount), 0) / 100, reform === null ? null : o.on >= reform];
  const said = { rule: { zh: fill(text.zh, fields), en: fill(text.en, fields) }, confidence, after_reform: after };
  return { ...period.answer, ...said, amount, parts, wage_base_used: base, base_clamped: clamped };
}

/**
 * The period the choices fall in (any age band: what it offers does not depend on the age): its `tiers`, those to
 * offer where they differ (credit_tiers; asked with no tier), and its `inputs`, {age, pension, contribution_years}
 * the answer needs (credit_inputs).
 */
export function creditOffered(c, status, city, on, tier, yearsMet) {
  return periodOn(compiledFor(c, city ?? "national", status, tier, yearsMet).periods, on);
}

// --- the balance projection -----------------------------------------------------------------

/**
 * project_balances(start, months, {wage, status, city, opening, spend, outpatient, stop, pension, age}) as the chart
 * draws it (yibao.rules.credit.PROJECTION_SHOWN): one row a month {month, credit, personal_balance,
 * pooled_outpatient_used/remaining/cap (null: unknown)}, computed in fen; throws a RuleProblem where Python raises NotComputable.
 */
export function creditProject(c, start, months, options) {
  const o = { status: "employee", city: null, opening: 0, spend: 0, outpatient: 0, stop: null, pension: null, age: null, ...options };
  const region = o.city ?? "national";
  const compiled = compiledFor(c, region, o.status, null, null);
  const yuan = (x) => (x === null ? null : x / 100);
  const age = (i) => (o.age === null ? null : Math.min(o.age + Math.floor(i / 12), c.limits.age[1]));
  const person = (month, i) => (o.stop === null || month < o.stop ? { wage_base: o.wage, pension: o.pension, age: age(i) } : null);
  const on = (month) => (month > start ? month : start);
  const rows = [];
  let balance = fen(o.opening);
  const run = creditMonths(compiled, `${start.slice(0, 7)}-01`, months, c.regions[region].benefit_year_start, on, person);
  for (const { i, month, used, credit, insured } of run) {
    balance += credit - Math.min(fen(o.spend), balance + credit);
    const terms = periodOn(c.outpatient[region][o.status], on(month), age(i))[age(i) === null ? "no_age" : "terms"];
    if (terms?.error) throw new RuleProblem(terms, { on: on(month) });
    if (terms !== null && insured) split(fen(o.outpatient), terms, used, 0);
    const [cap, spent] = terms === null ? [null, null] : [terms.cap, used[terms.cap === null ? "fund_paid" : "cap_used"]];
    const remaining = cap === null ? null : insured ? Math.max(cap - spent, 0) : 0;
    const pooled = { pooled_outpatient_used: yuan(spent), pooled_outpatient_remaining: yuan(remaining), pooled_outpatient_cap: yuan(cap) };
    rows.push({ month, credit: credit / 100, personal_balance: balance / 100, ...pooled });
  }
  return rows;
}
