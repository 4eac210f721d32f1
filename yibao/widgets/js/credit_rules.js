// The monthly personal-account credit and the balance projection in the page, from what Python
// compiled (yibao.rules.credit.credit_rules): find the period for the day, the status, tier,
// minimum-years answer and age (credit_periods.js), do the arithmetic in fen, and put the numbers
// in the sentences Python wrote. Which rule applies, the texts, sources, confidence, the inputs to
// ask for and the tiers to offer are Python's (tests/test_credit_parity.py runs both on thousands of cases).
// No DOM: node imports this module (the parity tests). Dates are ISO strings ("YYYY-MM-DD").
import { creditParts, creditPaid, fen, RuleProblem } from "./credit_periods.js";
import { poolShare } from "./pool_share.js";
import { fill, yuanText } from "./yuan.js";

/** A case the rules cannot compute (Python's NotComputable): the message in each language. */
export class CreditProblem extends Error {
  /**
   * @param {string} zh
   * @param {string} en
   */
  constructor(zh, en) {
    super(en);
    this.zh = zh;
    this.en = en;
  }
}

/** The compiled periods of a region for a status, tier and minimum-years answer (yibao.rules.credit.answer_key). */
function compiledFor(c, region, status, tier, yearsMet) {
  return { periods: c.answers.periods[region][`${status}|${tier ?? ""}|${yearsMet ?? ""}`], messages: c.answers.messages };
}

function thrown(problem) {
  if (problem instanceof RuleProblem) return new CreditProblem(problem.zh, problem.en);
  return problem;
}

/** The answer's headline: "¥x a month", or, where part of it is a yearly credit (Shanghai's retirees), the yearly amount and its date first. */
export function creditHeadline(c, credit, lang) {
  const amount = yuanText(fen(credit.amount));
  const yearly = credit.parts.reduce((sum, p) => sum + fen(p.yearly_amount), 0);
  if (!yearly) return fill(c.text.credit_headline[lang], { amount });
  const key = credit.parts.every((p) => p.yearly) ? "credit_headline_yearly" : "credit_headline_mixed";
  return fill(c.text[key][lang], { amount, yearly: yuanText(yearly), date: c.regions[credit.city].benefit_year_start });
}

/**
 * monthly_personal_credit(wage, {status, city, on, pension, age, tier, yearsMet}) in both languages, for
 * the choices the page offers: {amount, employee_part, employer_part, pooled_fund_part, outcome, rule: {zh, en}, parts, …};
 * throws a CreditProblem where Python raises NotComputable.
 */
export function creditMonthly(c, wage, options) {
  const o = { status: "employee", city: null, pension: null, age: null, tier: null, yearsMet: null, ...options };
  const region = o.city ?? "national";
  const compiled = compiledFor(c, region, o.status, o.tier, o.yearsMet);
  let found;
  try {
    found = creditParts(compiled, { wage_base: wage, pension: o.pension, age: o.age }, o.on);
  } catch (problem) {
    throw thrown(problem);
  }
  const { period, base, clamped, paid } = found;
  const parts = paid.map(({ part, fen: payment }) => ({
    row_id: part.id,
    payer: part.payer,
    amount: (part.yearly ? Math.floor((payment + 6) / 12) : payment) / 100,
    yearly: part.yearly,
    yearly_amount: part.yearly ? payment / 100 : 0,
    rule: c.rows[part.id],
  }));
  const yearly = Object.fromEntries(parts.filter((p) => p.yearly).map((p, i) => [`yearly${i}`, yuanText(fen(p.yearly_amount))]));
  const fields = { wage: yuanText(fen(wage)).replace(/\.00$/, ""), on: o.on, ...yearly };
  const pieces = period.text[clamped ?? "none"];
  const say = (lang) => pieces.map((i) => fill(compiled.messages[i][lang], fields)).join(c.joiner[lang]);
  const byPayer = (payer) => parts.filter((p) => p.payer === payer).reduce((sum, p) => sum + fen(p.amount), 0);
  const reform = c.regions[region].reform_date;
  return {
    amount: ["employee", "employer", "pooled_fund"].reduce((sum, payer) => sum + byPayer(payer), 0) / 100,
    employee_part: byPayer("employee") / 100,
    employer_part: byPayer("employer") / 100,
    pooled_fund_part: byPayer("pooled_fund") / 100,
    rule: { zh: say("zh"), en: say("en") },
    source_ids: period.sources,
    confidence: period.confidence[clamped ?? "none"],
    valid_from: period.valid_from,
    city: region,
    status: o.status,
    on: o.on,
    parts,
    reform_date: reform,
    after_reform: reform === null ? null : o.on >= reform,
    outcome: period.outcome,
    tier: o.tier,
    contribution_years_met: o.yearsMet,
    wage_base: wage,
    wage_base_used: base,
    base_clamped: clamped,
    base_limits: period.limit_ids.map((id) => ({ id, ...c.rows[id] })),
  };
}

/** The period the choices fall in (any age band: what it offers does not depend on the age). */
function offered(c, status, city, on, tier, yearsMet) {
  const periods = compiledFor(c, city ?? "national", status, tier, yearsMet).periods;
  return periods.find((p) => p.from <= on && (p.to === null || on < p.to));
}

/** credit_tiers(status, {city, on}): the tiers to offer where they differ. */
export function creditTiers(c, status, city, on) {
  return offered(c, status, city, on, null, null).tiers;
}

/** credit_inputs(status, {city, on, tier, yearsMet}): {age, pension, contribution_years}, the inputs the answer needs. */
export function creditInputs(c, status, city, on, tier, yearsMet) {
  return offered(c, status, city, on, tier, yearsMet).inputs;
}

// --- the balance projection -----------------------------------------------------------------

/** "YYYY-MM-01" `months` after the month of `day`. */
export function addMonths(day, months) {
  const [y, m] = day.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

/** The outpatient rows in force on `on` for the age, as core.active picks them (an age band and no age: its message). */
function outpatientRows(c, region, status, parameter, on, age) {
  const found = [];
  for (const r of c.outpatient) {
    if (r.region !== region || r.parameter !== parameter || !(r.status === status || r.status === "all")) continue;
    if (!(r.valid_from <= on && (r.valid_to === null || on < r.valid_to))) continue;
    if (r.needs_age !== null) {
      if (age === null) throw new CreditProblem(r.needs_age.zh, r.needs_age.en);
      if ((r.age_min !== null && age < r.age_min) || (r.age_max !== null && age > r.age_max)) continue;
    }
    found.push(r);
  }
  return found;
}

/** [deductible, rate, cap (NaN: none), cap basis] of the outpatient pooling in force, or null where not known. */
function outpatientParams(c, region, status, on, age) {
  const found = {};
  for (const parameter of ["outpatient_deductible", "outpatient_rate", "outpatient_cap"]) {
    const row = outpatientRows(c, region, status, parameter, on, age)[0];
    if (row === undefined || row.unknown) return null;
    found[parameter] = row;
  }
  const cap = found.outpatient_cap;
  return [found.outpatient_deductible.value, found.outpatient_rate.value / 100, cap.value === null ? NaN : cap.value, cap.basis || "fund_paid"];
}

/**
 * project_balances(start, months, {wage, status, city, opening, spend, outpatient, stop, pension, age}):
 * one row a month {month, credit, spend, personal_balance, pooled_outpatient_paid/used/remaining/cap
 * (null: unknown), insured, benefit_year_start}; throws a CreditProblem where Python raises NotComputable.
 */
export function creditProject(c, start, months, options) {
  const o = { status: "employee", city: null, opening: 0, spend: 0, outpatient: 0, stop: null, pension: null, age: null, ...options };
  const first = `${start.slice(0, 7)}-01`;
  const region = o.city ?? "national";
  const compiled = compiledFor(c, region, o.status, null, null);
  const resetMonth = Number(c.regions[region].benefit_year_start.slice(0, 2));
  const rows = [];
  let balance = o.opening;
  let used = 0;
  let deductibleMet = 0;
  for (let i = 0; i < months; i++) {
    const month = addMonths(first, i);
    const on = month > start ? month : start;
    const age = o.age === null ? null : Math.min(o.age + Math.floor(i / 12), c.limits.age[1]);
    const insured = o.stop === null || month < o.stop;
    const monthNumber = Number(month.slice(5, 7));
    const newYear = i === 0 || monthNumber === resetMonth;
    if (newYear) {
      used = 0;
      deductibleMet = 0;
    }
    let credit = 0;
    try {
      if (insured) credit = creditPaid(compiled, { wage_base: o.wage, pension: o.pension, age }, on, monthNumber === resetMonth).paid / 100;
    } catch (problem) {
      throw thrown(problem);
    }
    const spend = Math.min(o.spend, balance + credit);
    balance = balance + credit - spend;
    const params = outpatientParams(c, region, o.status, on, age);
    let paid = 0;
    let cap = NaN;
    let usedNow = NaN;
    let remaining = NaN;
    if (params !== null) {
      let deductible, rate, basis;
      [deductible, rate, cap, basis] = params;
      if (insured) {
        const towards = Math.min(o.outpatient, Math.max(deductible - deductibleMet, 0));
        deductibleMet += towards;
        const [fundPaid, counted] = poolShare(o.outpatient - towards, rate, Number.isNaN(cap) ? NaN : Math.max(cap - used, 0), basis);
        paid = fundPaid;
        used += counted;
      }
      usedNow = used;
      remaining = Number.isNaN(cap) ? NaN : insured ? Math.max(cap - used, 0) : 0;
    }
    const known = (x) => (Number.isNaN(x) ? null : x);
    rows.push({
      month,
      credit,
      spend,
      personal_balance: balance,
      pooled_outpatient_paid: paid,
      pooled_outpatient_used: known(usedNow),
      pooled_outpatient_remaining: known(remaining),
      pooled_outpatient_cap: known(cap),
      insured,
      benefit_year_start: newYear,
    });
  }
  return rows;
}
