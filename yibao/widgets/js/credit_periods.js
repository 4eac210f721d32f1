// A month's personal-account credit in the page, from the periods Python compiled
// (yibao.rules.compiled.credit_periods): find the period for the day and the age, clamp the wage
// to its base limits, multiply. Every decision (which rule applies, unknowns, fallbacks) and every
// message was made in Python; this file only does arithmetic, in whole fen with the same operations
// as yibao.rules.core.credit_for, so the amounts are the same to the fen.

/**
 * @typedef {{zh: string, en: string}} Both
 * @typedef {{id: string, payer: string, basis: "wage_base" | "pension" | "fixed", value: number | null,
 *   yearly: boolean, error: number | null, needs: number | null}} PartTerms
 * @typedef {{from: string, to: string | null, age_min: number, age_max: number, outcome: string,
 *   error: number | null, needs_age: number | null, parts: PartTerms[], floor: number | null, ceiling: number | null}} CreditPeriod
 * @typedef {{periods: CreditPeriod[], messages: Both[]}} CompiledCredit  (messages: referred to by position)
 * @typedef {{wage_base: number | null, pension: number | null, age: number | null}} CreditPerson
 */

/** Why a credit cannot be computed, in both languages (written by Python; "{on}" stands for the day asked about). */
export class RuleProblem extends Error {
  /**
   * @param {Both} both
   * @param {string} day
   */
  constructor(both, day) {
    super(both.en.replaceAll("{on}", day));
    this.zh = both.zh.replaceAll("{on}", day);
    this.en = both.en.replaceAll("{on}", day);
  }
}

/**
 * The period in force on `day` (ISO date) for `age` (any band when the age is not known).
 * @param {CreditPeriod[]} periods
 * @param {string} day
 * @param {number | null} age
 * @returns {CreditPeriod | undefined}
 */
export function periodOn(periods, day, age) {
  return periods.find((p) => p.from <= day && (p.to === null || day < p.to) && (age === null || (p.age_min <= age && age <= p.age_max)));
}

/**
 * The base the rules use and what moved it: the wage moved to the period's floor or ceiling where it is outside them.
 * @param {number | null} wage
 * @param {CreditPeriod} period
 * @returns {[number | null, "floor" | "ceiling" | null]}
 */
export function clampedBase(wage, period) {
  if (wage === null) return [null, null];
  if (period.floor !== null && wage < period.floor) return [period.floor, "floor"];
  if (period.ceiling !== null && wage > period.ceiling) return [period.ceiling, "ceiling"];
  return [wage, null];
}

/**
 * Yuan to whole fen, half up: the one rounding of every amount (yibao.rules.core.fen, the same operations).
 * @param {number} yuan
 * @returns {number}
 */
export function fen(yuan) {
  return Math.floor(yuan * 100 + 0.5);
}

/** A percentage in ten-thousandths (yibao.rules.core.PERCENT_UNITS). */
const PERCENT_UNITS = 10000;

/**
 * `percent` % of ¥ `of` in whole fen, half up, in integers (yibao.rules.core.share_fen; below 2^53, so exact).
 * @param {number} of
 * @param {number} percent
 * @returns {number}
 */
export function shareFen(of, percent) {
  const scale = 100 * PERCENT_UNITS;
  const scaled = fen(of) * Math.floor(percent * PERCENT_UNITS + 0.5) + scale / 2;
  return (scaled - (scaled % scale)) / scale;
}

/**
 * The period in force on `day` for the person, the base used and what moved it, and each part's
 * payment in fen; throws a RuleProblem where Python raises NotComputable.
 * @param {CompiledCredit} compiled
 * @param {CreditPerson} person
 * @param {string} day
 * @returns {{period: CreditPeriod, base: number | null, clamped: "floor" | "ceiling" | null, paid: {part: PartTerms, fen: number}[]}}
 */
export function creditParts(compiled, person, day) {
  const period = periodOn(compiled.periods, day, person.age);
  if (period === undefined) throw new RangeError(`no compiled credit period for ${day}`);
  const problem = (/** @type {number} */ message) => new RuleProblem(compiled.messages[message], day);
  if (person.age === null && period.needs_age !== null) throw problem(period.needs_age);
  if (period.error !== null) throw problem(period.error);
  const [base, clamped] = period.parts.some((part) => part.basis === "wage_base") ? clampedBase(person.wage_base, period) : [null, null];
  const paid = period.parts.map((part) => {
    if (part.error !== null) throw problem(part.error);
    const value = /** @type {number} */ (part.value);
    const of = part.basis === "wage_base" ? base : part.basis === "pension" ? person.pension : null;
    if (part.basis !== "fixed" && of === null) throw problem(/** @type {number} */ (part.needs));
    return { part, fen: of === null ? fen(value) : shareFen(of, value) };
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
 * @returns {{paid: number, ids: string[]}}
 */
export function creditPaid(compiled, person, day, paysYearly) {
  const { paid } = creditParts(compiled, person, day);
  return { paid: paid.reduce((sum, p) => sum + (paysYearly || !p.part.yearly ? p.fen : 0), 0), ids: paid.map((p) => p.part.id) };
}
