// The arithmetic both rule twins share (credit_rules.js, year_rules.js), on what Python compiled
// (yibao.rules.compiled): find the period for a day, clamp the wage to its base limits, multiply, in
// whole fen with the same operations as yibao.rules.core, so the amounts are the same to the fen.
// Every decision (which rule applies, unknowns, fallbacks) and every message was made in Python.
import { fill } from "./yuan.js";

/**
 * @typedef {{zh: string, en: string}} Both
 * @typedef {{id: string, payer: string, basis: "wage_base" | "pension" | "fixed", value: number | null,
 *   yearly: boolean, error: number | null, needs: number | null}} PartTerms
 * @typedef {{from: string, to: string | null, age_min: number, age_max: number, error: number | null,
 *   needs_age: number | null, parts: PartTerms[], floor: number | null, ceiling: number | null, [shown: string]: any}} CreditPeriod
 * @typedef {{periods: CreditPeriod[], messages: Both[]}} CompiledCredit  (messages: referred to by position)
 * @typedef {{wage_base: number | null, pension: number | null, age: number | null}} CreditPerson
 */

/** Why the rules give no answer, as Python said it: `zh`, `en` (slots filled from `fields`), the `sources` of the rule it names. */
export class RuleProblem extends Error {
  /**
   * @param {{zh: string, en: string, sources?: object[]}} said
   * @param {Record<string, string | number>} fields
   */
  constructor(said, fields) {
    super(fill(said.en, fields));
    this.zh = fill(said.zh, fields);
    this.en = this.message;
    this.sources = said.sources ?? [];
  }
}

/**
 * The period in force on `day` (ISO date) for `age` (any band when the age is not known).
 * @param {any[]} periods {from, to (null: open), age_min, age_max, …}
 * @param {string} day
 * @param {number | null} [age]
 * @returns {any}
 */
export function periodOn(periods, day, age = null) {
  return periods.find((p) => p.from <= day && (p.to === null || day < p.to) && (age === null || (p.age_min <= age && age <= p.age_max)));
}

/**
 * Yuan to whole fen, half up: the one rounding of every amount (yibao.rules.core.fen, the same operations).
 * @param {number} yuan
 */
export function fen(yuan) {
  return Math.floor(yuan * 100 + 0.5);
}

/**
 * `percent` % of ¥ `of` in whole fen, half up, in integers (yibao.rules.core.share_fen: percents in ten-thousandths; below 2^53, so exact).
 * @param {number} of
 * @param {number} percent
 */
function shareFen(of, percent) {
  const scale = 100 * 10000;
  const scaled = fen(of) * Math.floor(percent * 10000 + 0.5) + scale / 2;
  return (scaled - (scaled % scale)) / scale;
}

/**
 * The period in force on `day` for the person, the base used and what moved it (the wage moved to the
 * period's floor or ceiling), and each part's payment in fen; throws a RuleProblem where Python raises NotComputable.
 * @param {CompiledCredit} compiled
 * @param {CreditPerson} person
 * @param {string} day
 * @returns {{period: CreditPeriod, base: number | null, clamped: "floor" | "ceiling" | null, paid: {part: PartTerms, fen: number}[]}}
 */
export function creditParts(compiled, person, day) {
  const period = periodOn(compiled.periods, day, person.age);
  const problem = (/** @type {number} */ message) => new RuleProblem(compiled.messages[message], { on: day });
  if (person.age === null && period.needs_age !== null) throw problem(period.needs_age);
  if (period.error !== null) throw problem(period.error);
  const wage = period.parts.some((part) => part.basis === "wage_base") ? person.wage_base : null;
  const below = wage !== null && period.floor !== null && wage < period.floor;
  const clamped = below ? "floor" : wage !== null && period.ceiling !== null && wage > period.ceiling ? "ceiling" : null;
  const base = clamped === null ? wage : period[clamped];
  const paid = period.parts.map((part) => {
    if (part.error !== null) throw problem(part.error);
    const of = part.basis === "wage_base" ? base : part.basis === "pension" ? person.pension : null;
    if (part.basis !== "fixed" && of === null) throw problem(part.needs);
    return { part, fen: of === null ? fen(part.value) : shareFen(of, part.value) };
  });
  return { period, base, clamped, paid };
}

/** "YYYY-MM-01" `months` after the month of `day`. */
export function addMonths(day, months) {
  const [y, m] = day.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

/**
 * The months both engines run (credit.py project_balances, year.py run_year), `count` from `first` ("YYYY-MM-01"):
 * each month, what the benefit year has `used` (fresh in the first month and on `yearStart`, "MM-01": a benefit year
 * starts with a month), and the fen credited under the rules in force `on(month)` to `person(month, i)` (null: not
 * insured; yearly parts when the benefit year starts), with the rule ids.
 */
export function* creditMonths(compiled, first, count, yearStart, on, person) {
  const used = fresh();
  for (let i = 0; i < count; i++) {
    const month = addMonths(first, i);
    const [starts, who] = [month.slice(5) === yearStart, person(month, i)];
    if (i === 0 || starts) Object.assign(used, fresh());
    const paid = who === null ? [] : creditParts(compiled, who, on(month)).paid;
    const credit = paid.reduce((sum, p) => sum + (starts || !p.part.yearly ? p.fen : 0), 0);
    yield { i, month, used, credit, ids: paid.map((p) => p.part.id), insured: who !== null };
  }
}

/** What one benefit year has used so far (fen), and the hospital stays in it (yibao.rules.core.fresh_year). */
export function fresh() {
  return { outpatient_met: 0, inpatient_met: 0, pharmacy_met: 0, cap_used: 0, fund_paid: 0, large_paid: 0, stays: 0, inpatient_cost: 0 };
}

/**
 * yibao.rules.core.split_bill: what the fund, the layer above its maximum, the account and the patient pay of a bill (the
 * year's bills, the projection's outpatient costs), the deductible and cap left (NaN: none), in fen; `terms.fail(i)`: the
 * problem of failure i.
 */
export function split(amount, terms, used, balance) {
  const round = (x) => Math.floor(x + 0.5);
  if (terms.cost_to !== null) {
    if (used.inpatient_cost + amount > terms.cost_to) throw terms.fail(terms.rate_band);
    used.inpatient_cost += amount;
  }
  const first = terms.account_first ? Math.min(amount, balance) : 0;
  const base = amount - first;
  const met = terms.per_admission ? 0 : used[`${terms.kind}_met`];
  const towards = Math.min(base, Math.max(terms.deductible - met, 0));
  if (!terms.per_admission) used[`${terms.kind}_met`] = met + towards;
  const deductibleLeft = Math.max(terms.deductible - met - towards, 0);
  const [eligible, room] = [base - towards, terms.cap === null ? NaN : Math.max(terms.cap - used.cap_used, 0)];
  const [byCost, rated] = [terms.cap !== null && terms.cap_basis === "eligible_cost", eligible * terms.rate]; // pool_share
  const paid = byCost ? Math.min(eligible, room) * terms.rate : terms.cap === null ? rated : Math.min(rated, room);
  const counted = byCost ? Math.min(eligible, room) : paid;
  const wanted = round(paid);
  const fund = terms.annual_cap === null ? wanted : Math.min(wanted, Math.max(terms.annual_cap - used.fund_paid, 0));
  if (terms.cap !== null) used.cap_used += round(fund === wanted ? counted : (counted * fund) / wanted);
  used.fund_paid += fund;
  let large = 0;
  if (fund < wanted) {
    if (!Array.isArray(terms.large)) throw terms.fail(terms.large.error);
    const [share, limit] = terms.large;
    large = round(((wanted - fund) / terms.rate) * share);
    if (limit !== null) large = Math.min(large, Math.max(limit - used.large_paid, 0));
    used.large_paid += large;
  }
  const patient = base - fund - large;
  const later = Math.min(patient, balance - first);
  const capLeft = terms.cap !== null ? terms.cap - used.cap_used : terms.annual_cap !== null ? terms.annual_cap - used.fund_paid : NaN;
  const left = terms.kind === "pharmacy" ? NaN : deductibleLeft;
  return { fund, large, account: first + later, pocket: patient - later, deductibleLeft: left, capLeft: Math.max(capLeft, 0), aboveMax: fund < wanted };
}
