// The arithmetic both rule twins share (credit_rules.js, year_rules.js), on what Python compiled
// (yibao.rules.compiled): find the period for a day, clamp the wage to its base limits, multiply, in
// whole fen with the same operations as yibao.rules.core, so the amounts are the same to the fen.
// Every decision (which rule applies, unknowns, fallbacks) and every message was made in Python.

/**
 * @typedef {{zh: string, en: string}} Both
 * @typedef {{id: string, payer: string, basis: "wage_base" | "pension" | "fixed", value: number | null,
 *   yearly: boolean, error: number | null, needs: number | null}} PartTerms
 * @typedef {{from: string, to: string | null, age_min: number, age_max: number, error: number | null,
 *   needs_age: number | null, parts: PartTerms[], floor: number | null, ceiling: number | null, [shown: string]: any}} CreditPeriod
 * @typedef {{periods: CreditPeriod[], messages: Both[]}} CompiledCredit  (messages: referred to by position)
 * @typedef {{wage_base: number | null, pension: number | null, age: number | null}} CreditPerson
 */

/** Why the rules give no answer, as Python said it: `zh`, `en` ("{on}": the day asked about) and, where it names one, the `rule` (id). */
export class RuleProblem extends Error {
  /**
   * @param {{zh: string, en: string, rule?: string | null}} said
   * @param {string} [day]
   */
  constructor(said, day = "") {
    super(said.en.replaceAll("{on}", day));
    this.zh = said.zh.replaceAll("{on}", day);
    this.en = this.message;
    this.rule = said.rule ?? null;
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
 * [what the fund pays on `eligible` at `rate`, what that uses of a cap with `room` left] (room NaN: no cap; yibao.rules.core.pool_share).
 * @param {number} eligible
 * @param {number} rate
 * @param {number} room
 * @param {string} basis
 */
export function poolShare(eligible, rate, room, basis) {
  if (basis === "eligible_cost" && !Number.isNaN(room)) {
    const counted = Math.min(eligible, room);
    return [counted * rate, counted];
  }
  const paid = Number.isNaN(room) ? eligible * rate : Math.min(eligible * rate, room);
  return [paid, paid];
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
  const problem = (/** @type {number} */ message) => new RuleProblem(compiled.messages[message], day);
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

/**
 * Fen paid into the account in a month under the rules in force on `day` (yearly parts only when
 * `paysYearly`), and the ids of the rules used.
 * @param {CompiledCredit} compiled
 * @param {CreditPerson} person
 * @param {string} day
 * @param {boolean} paysYearly
 */
export function creditPaid(compiled, person, day, paysYearly) {
  const { paid } = creditParts(compiled, person, day);
  return { paid: paid.reduce((sum, p) => sum + (paysYearly || !p.part.yearly ? p.fen : 0), 0), ids: paid.map((p) => p.part.id) };
}
