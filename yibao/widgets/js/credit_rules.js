// The monthly personal-account credit and the balance projection in the browser: the arithmetic
// twin of yibao/rules/credit.py (monthly_personal_credit, project_balances, credit_inputs, credit_tiers),
// evaluating the rows Python exports (yibao.credit_rules()). Same rows in the same order, same
// floating-point operations in the same order, same texts and messages in both languages
// (tests/test_credit_parity.py runs both on thousands of generated cases).
// No DOM: node imports this module (tests/js, the parity tests). Dates are ISO strings ("YYYY-MM-DD").
import { creditPaid, fen, RuleProblem, shareFen } from "./credit_periods.js";
import { poolShare } from "./pool_share.js";

/** A case the rules cannot compute (NotComputable) or bad input (ValueError): the message in each language. */
export class CreditProblem extends Error {
  constructor(kind, zh, en) {
    super(en);
    this.kind = kind; // "not_computable" | "value_error"
    this.zh = zh;
    this.en = en;
  }
}

/** The exported rules, indexed by region and parameter (once per page). */
export function creditCompile(rules) {
  const byKey = new Map();
  for (const row of rules.rows) {
    const key = `${row.region}|${row.parameter}`;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key).push(row);
  }
  return { ...rules, byKey };
}

// --- Python's formatting -------------------------------------------------------------------

/** `x` with `digits` decimals, ties to even on the exact binary value as Python's format does. */
function pyFixed(x, digits) {
  let text = x.toFixed(digits);
  const scale = 10 ** digits * 2;
  const doubled = x * scale;
  if (Number.isInteger(doubled) && doubled / scale === x && Math.abs(doubled) % 2 === 1) {
    // an exact tie: toFixed rounded away from zero; Python keeps the even last digit
    const down = (Math.abs(x) - 0.5 / 10 ** digits) * Math.sign(x);
    const lower = down.toFixed(digits);
    const last = Number(lower.replace(/\D/g, "").slice(-1));
    if (last % 2 === 0) text = lower;
  }
  return text;
}

/** Python's `format(x, ",.Nf")`. */
export function pyGrouped(x, digits) {
  const [whole, fraction] = pyFixed(x, digits).split(".");
  const sign = whole.startsWith("-") ? "-" : "";
  const grouped = whole.replace("-", "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return sign + grouped + (fraction === undefined ? "" : `.${fraction}`);
}

/** Python's repr() of a float. */
function pyFloat(x) {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, exp] = x.toExponential().split("e");
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    return `${mantissa}e${exponent < 0 ? "-" : "+"}${String(Math.abs(exponent)).padStart(2, "0")}`;
  }
  const text = String(x);
  return text.includes(".") ? text : `${text}.0`;
}

/** Python's repr() of a str (the plain cases: ids and dates). */
function pyStr(s) {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** A UI template ("{amount:,.2f}", "{region}") filled as Python's str.format fills it. */
export function creditFill(template, fields) {
  return template.replace(/\{(\w+)(?::,\.(\d)f)?\}/g, (_, name, digits) =>
    digits === undefined ? String(fields[name]) : pyGrouped(fields[name], Number(digits)),
  );
}

function creditSay(rules, key, lang, fields) {
  return creditFill(rules.text[key][lang], fields || {});
}

/** The answer's headline: "¥x a month", or, where part of it is a yearly credit (Shanghai's retirees), the yearly amount and its date first. */
export function creditHeadline(c, credit, lang) {
  const yearly = credit.parts.reduce((sum, p) => sum + fen(p.yearly_amount), 0) / 100;
  if (!yearly) return creditSay(c, "credit_headline", lang, { amount: credit.amount });
  const key = credit.parts.every((p) => p.yearly) ? "credit_headline_yearly" : "credit_headline_mixed";
  return creditSay(c, key, lang, { amount: credit.amount, yearly, date: c.regions[credit.city].benefit_year_start });
}

function bothLanguages(make) {
  return { zh: make("zh"), en: make("en") };
}

// --- argument checks (yibao/data/checks.py) -------------------------------------------------------

function valueError(message) {
  return new CreditProblem("value_error", message, message);
}

function checkChoice(name, value, valid) {
  if (typeof value !== "string" || !valid.includes(value)) {
    throw valueError(`unknown ${name} ${typeof value === "string" ? pyStr(value) : String(value)}; valid: ${valid.join(", ")}`);
  }
  return value;
}

function checkNumber(name, value, low, high) {
  if (typeof value !== "number") throw valueError(`${name} must be a number from ${pyGrouped(low, 0)} to ${pyGrouped(high, 0)}, got ${value}`);
  if (Number.isNaN(value) || !(low <= value && value <= high)) {
    throw valueError(`${name} must be from ${pyGrouped(low, 0)} to ${pyGrouped(high, 0)}, got ${pyFloat(value)}`);
  }
  return value;
}

function checkWhole(name, value, low, high) {
  if (!Number.isInteger(value)) throw valueError(`${name} must be a whole number from ${low} to ${high}, got ${value}`);
  if (!(low <= value && value <= high)) throw valueError(`${name} must be from ${low} to ${high}, got ${value}`);
  return value;
}

/** A date or a month ("YYYY-MM" meaning its 1st) within the supported range, as "YYYY-MM-DD". */
function checkDate(rules, name, value) {
  const given = typeof value === "string" && /^\d{4}-\d{2}$/.test(value) ? `${value}-01` : value;
  const { earliest, latest } = rules.limits;
  const fail = () => valueError(`${name} must be a date (YYYY-MM-DD, or YYYY-MM for the 1st) from ${earliest} to ${latest}, got ${pyStr(String(value))}`);
  if (typeof given !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(given)) throw fail();
  const [y, m, d] = given.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) throw fail();
  if (given < earliest || given > latest) throw fail();
  return given;
}

// --- rules in force -------------------------------------------------------------------------

function inForce(row, day) {
  return row.valid_from <= day && (row.valid_to === null || day < row.valid_to);
}

/** The region's rows of the standard scheme for `parameter` and `status` (or "all"), in file order. */
function creditRows(c, region, parameter, status) {
  return (c.byKey.get(`${region}|${parameter}`) || []).filter((r) => r.status === status || r.status === "all");
}

/** NotComputable(reason, rule, **values): the rule's description, then why, in each language. */
function notComputable(c, reason, rule, values) {
  const text = (lang) => creditSay(c, `why_${reason}`, lang, values);
  const localized = (lang) => (rule ? `${rule[`description_${lang}`]} — ${text(lang)}` : text(lang));
  return new CreditProblem("not_computable", localized("zh"), localized("en"));
}

function active(c, rows, on, age) {
  const found = [];
  for (const rule of rows) {
    if (!inForce(rule, on)) continue;
    const low = rule.age_min;
    const high = rule.age_max;
    if (!(low === null && high === null)) {
      if (age === null) throw notComputable(c, "needs_age", rule);
      if ((low !== null && age < low) || (high !== null && age > high)) continue;
    }
    found.push(rule);
  }
  return found;
}

function creditPart(c, rule, wageBase, pension) {
  const value = rule.value;
  const basis = rule.basis;
  if (basis === "city_avg_wage" || basis === "city_avg_pension") throw notComputable(c, `local_average_${basis.slice("city_avg_".length)}`, rule);
  if (value === null) throw notComputable(c, "not_recorded", rule);
  let paid;
  if (basis === "wage_base") {
    if (wageBase === null) throw notComputable(c, "needs_wage_base", rule);
    paid = shareFen(wageBase, value);
  } else if (basis === "pension") {
    if (pension === null) throw notComputable(c, "needs_pension", rule);
    paid = shareFen(pension, value);
  } else {
    paid = fen(value);
  }
  const yearly = rule.frequency === "yearly";
  // a yearly part's monthly share: a twelfth, to the fen, half up
  return { payer: rule.payer || "employee", amount: (yearly ? Math.floor((paid + 6) / 12) : paid) / 100, paidFen: paid, yearly, rule };
}

function creditingRows(c, region, status) {
  const own = creditRows(c, region, "account_credit", status);
  return own.length ? own : creditRows(c, "national", "account_credit", status);
}

function creditParts(c, region, status, on, wageBase, pension, age) {
  const rows = creditingRows(c, region, status);
  const found = active(c, rows, on, age);
  if (!found.length) {
    const periods = [...new Set(rows.map((r) => r.valid_from))].sort().join(", ") || "—";
    throw notComputable(c, "no_rule", null, { region, status, on, periods });
  }
  return found.map((rule) => creditPart(c, rule, wageBase, pension));
}

/** credit.py `_limit_rows`: the base floor and ceiling in force, a status's own limits before the "all" ones. */
function limitRows(c, region, on, status) {
  return ["floor", "ceiling"].flatMap((limit) => {
    const found = creditRows(c, region, `base_${limit}`, status).filter((row) => inForce(row, on));
    const own = found.filter((row) => row.status === status);
    return own.length ? own : found;
  });
}

/** [the base used, "floor" / "ceiling" when a known limit moved it, else null]. */
function clampBase(wageBase, limits) {
  if (wageBase === null) return [null, null];
  for (const row of limits) {
    const value = row.value;
    const limit = row.parameter.replace(/^base_/, "");
    if (value !== null && (limit === "floor" ? wageBase < value : wageBase > value)) return [value, limit];
  }
  return [wageBase, null];
}

// --- who has a personal account (yibao/rules/schemes.py has_personal_account) ------------------------

function schemeTiers(c, scheme, region, on) {
  return [...new Set(c.schemes.filter((r) => r.scheme === scheme && r.region === region && r.tier && inForce(r, on)).map((r) => r.tier))].sort();
}

function accountAnswer(c, scheme, region, tier, on) {
  const rows = c.schemes.filter((r) => r.scheme === scheme);
  if (tier !== null) {
    const valid = schemeTiers(c, scheme, region, on);
    if (!valid.length) throw valueError(`no tiers recorded for ${scheme} in ${region} on ${on}; valid: (none: leave tier out)`);
    checkChoice("tier", tier, valid);
  }
  const pick = (where, wanted) => rows.find((r) => r.region === where && r.tier === wanted && inForce(r, on)) || null;
  let row = pick(region, tier || "");
  if (row === null && tier === null) row = pick("national", "");
  if (row === null) {
    const periods = [...new Set(rows.filter((r) => r.region === region || r.region === "national").map((r) => r.valid_from))].sort().join(", ");
    throw valueError(`no answer recorded for ${scheme} (${region}) on ${on}; answers recorded from: ${periods}`);
  }
  const tiers = row.answer === "depends" && !row.tier ? schemeTiers(c, scheme, row.region, on) : [];
  const labelled = tiers.map((id) => {
    const named = rows.filter((r) => r.region === row.region && r.tier === id);
    const last = named[named.length - 1];
    return { id, label_zh: last.tier_zh, label_en: last.tier_en, answer: last.answer };
  });
  return { row, tiers: labelled };
}

// --- the monthly credit ---------------------------------------------------------------------

function creditRegion(c, city) {
  return checkChoice("city", city === null || city === undefined ? "national" : city, Object.keys(c.regions));
}

function sentences(texts, lang) {
  const stop = lang === "zh" ? "。" : ".";
  const ended = texts.filter(Boolean).map((text) => (/[。.！？!?]$/.test(text) ? text : text + stop));
  return ended.join(lang === "zh" ? "" : " ");
}

export function yuan(amount) {
  return pyGrouped(amount, 2).replace(/\.00$/, "");
}

function baseSentence(c, region, on, wage, limits, clamped, lang) {
  const known = {};
  for (const row of limits) if (row.value !== null) known[row.parameter.replace(/^base_/, "")] = row.value;
  const name = c.regions[region][`region_${lang}`];
  if (clamped !== null) return creditSay(c, `base_${clamped}_used`, lang, { wage: yuan(wage), region: name, limit: yuan(known[clamped]) });
  if (Object.keys(known).length === 2) {
    return creditSay(c, "base_within", lang, { wage: yuan(wage), region: name, floor: yuan(known.floor), ceiling: yuan(known.ceiling) });
  }
  if (region === "national") return creditSay(c, "base_national", lang, { wage: yuan(wage) });
  return creditSay(c, "base_unknown", lang, { wage: yuan(wage), region: name, on });
}

function tiersSentence(c, account, lang) {
  if (!account.tiers.length) return "";
  const named = account.tiers.map((tier) =>
    creditSay(c, "tier_answer", lang, { tier: tier[`label_${lang}`], answer: creditSay(c, `tier_account_${tier.answer}`, lang) }),
  );
  return creditSay(c, "tiers_differ", lang, { region: c.regions[account.row.region][`region_${lang}`], tiers: named.join(lang === "zh" ? "、" : "; ") });
}

function minYearsRule(c, region, on) {
  for (const where of [...new Set([region, "national"])]) {
    const found = creditRows(c, where, "min_contribution_years", "retiree").filter((row) => inForce(row, on));
    if (found.length) return [found[0], where === region];
  }
  throw missingRule(c, "min_contribution_years", region, "retiree", on);
}

function missingRule(c, parameter, region, status, on) {
  const names = c.regions[region];
  const values = {
    what_zh: creditSay(c, `what_${parameter}`, "zh"),
    what_en: creditSay(c, `what_${parameter}`, "en"),
    region_zh: names.region_zh,
    region_en: names.region_en,
    status_zh: creditSay(c, status, "zh"),
    status_en: creditSay(c, status, "en"),
    on,
  };
  return notComputable(c, "missing", null, values);
}

function lowestConfidence(c, levels) {
  return levels.reduce((worst, level) => (c.confidence.indexOf(level) > c.confidence.indexOf(worst) ? level : worst));
}

/**
 * monthly_personal_credit(wage, {status, city, on, pension, age, tier, yearsMet}) in both languages:
 * {amount, employee_part, employer_part, pooled_fund_part, outcome, rule: {zh, en}, parts, …};
 * throws a CreditProblem where Python raises.
 */
export function creditMonthly(c, wage, options) {
  const o = { status: "employee", city: null, pension: null, age: null, tier: null, yearsMet: null, ...options };
  const wageBase = checkNumber("wage_base", wage, 0, c.limits.max_wage);
  const status = checkChoice("status", o.status, c.statuses);
  const region = creditRegion(c, o.city);
  const on = checkDate(c, "on", o.on);
  const pension = o.pension === null ? null : checkNumber("pension", o.pension, 0, c.limits.max_wage);
  const age = o.age === null ? null : checkWhole("age", o.age, ...c.limits.age);
  const yearsMet = checkYearsMet(o.yearsMet, status);
  const account = accountAnswer(c, status, region, o.tier, on);
  let parts = [];
  let limits = [];
  let base = null;
  let clamped = null;
  let outcome;
  let texts;
  let sourceIds;
  let confidence;
  let validFrom;
  if (account.row.answer === "no") {
    outcome = "no_account";
    texts = (lang) => [account.row[`reason_${lang}`], account.row[`instead_${lang}`]];
    sourceIds = account.row.source_ids;
    confidence = account.row.confidence;
    validFrom = account.row.valid_from;
  } else if (yearsMet === false) {
    const [row, own] = minYearsRule(c, region, on);
    outcome = "keep_paying";
    sourceIds = row.source_ids;
    confidence = row.confidence;
    validFrom = row.valid_from;
    texts = (lang) => [
      creditSay(c, "years_not_met", lang),
      row[`description_${lang}`],
      own || region === "national" ? "" : creditSay(c, "years_unknown_here", lang, { region: c.regions[region][`region_${lang}`] }),
    ];
  } else {
    const found = active(c, creditingRows(c, region, status), on, age);
    const usesBase = found.some((r) => r.basis === "wage_base");
    const limitRowsFound = usesBase ? limitRows(c, region, on, status) : [];
    [base, clamped] = usesBase ? clampBase(wageBase, limitRowsFound) : [null, null];
    parts = creditParts(c, region, status, on, base, pension, age);
    limits = limitRowsFound;
    const known = limits.filter((row) => row.value !== null);
    const yearStart = c.regions[region].benefit_year_start;
    outcome = "credited";
    texts = (lang) => {
      const described = parts.map((p) => p.rule[`description_${lang}`]);
      const yearly = parts.filter((p) => p.yearly).map((p) => creditSay(c, "yearly_credit", lang, { date: yearStart, amount: p.paidFen / 100 }));
      return [
        [...described, ...yearly].join(lang === "zh" ? ";" : "; "),
        usesBase ? baseSentence(c, region, on, wageBase, limits, clamped, lang) : "",
        o.tier === null ? tiersSentence(c, account, lang) : "",
        status === "retiree" && yearsMet === null ? creditSay(c, "years_assumed", lang) : "",
      ];
    };
    const tierSources = o.tier === null && account.tiers.length ? account.row.source_ids : [];
    sourceIds = [...parts.flatMap((p) => p.rule.source_ids), ...known.flatMap((k) => k.source_ids), ...tierSources];
    confidence = lowestConfidence(c, [
      ...parts.map((p) => p.rule.confidence),
      ...known.filter((k) => k.parameter === `base_${clamped}`).map((k) => k.confidence),
    ]);
    validFrom = found.map((r) => r.valid_from).reduce((a, b) => (b > a ? b : a));
  }
  const byPayer = {};
  for (const payer of ["employee", "employer", "pooled_fund"]) byPayer[payer] = parts.filter((p) => p.payer === payer).reduce((sum, p) => sum + fen(p.amount), 0) / 100;
  const reform = c.regions[region].reform_date;
  return {
    amount: (fen(byPayer.employee) + fen(byPayer.employer) + fen(byPayer.pooled_fund)) / 100,
    employee_part: byPayer.employee,
    employer_part: byPayer.employer,
    pooled_fund_part: byPayer.pooled_fund,
    rule: bothLanguages((lang) => sentences(texts(lang), lang)),
    source_ids: [...new Set(sourceIds)],
    confidence,
    valid_from: validFrom,
    city: region,
    status,
    on,
    parts: parts.map((p) => ({ row_id: p.rule.id, payer: p.payer, amount: p.amount, yearly: p.yearly, yearly_amount: p.yearly ? p.paidFen / 100 : 0, rule: p.rule })),
    reform_date: reform,
    after_reform: reform === null ? null : on >= reform,
    outcome,
    tier: o.tier,
    contribution_years_met: yearsMet,
    wage_base: wageBase,
    wage_base_used: base,
    base_clamped: clamped,
    base_limits: limits,
  };
}

function checkYearsMet(value, status) {
  if (value === null) return null;
  if (typeof value !== "boolean") throw valueError(`contribution_years_met must be True, False or None, got ${value}`);
  if (status !== "retiree") throw valueError(`contribution_years_met is asked of retirees only; valid for status ${pyStr(status)}: None`);
  return value;
}

/** credit_tiers(status, {city, on}): the tiers to offer where they differ. */
export function creditTiers(c, status, city, on) {
  return accountAnswer(c, checkChoice("status", status, c.statuses), creditRegion(c, city), null, checkDate(c, "on", on)).tiers;
}

/** credit_inputs(status, {city, on, tier, yearsMet}): {age, pension, contribution_years}, the inputs the answer needs. */
export function creditInputs(c, status, city, on, tier, yearsMet) {
  status = checkChoice("status", status, c.statuses);
  const region = creditRegion(c, city);
  const day = checkDate(c, "on", on);
  const credited = accountAnswer(c, status, region, tier, day).row.answer !== "no" && checkYearsMet(yearsMet, status) !== false;
  const rows = credited ? creditingRows(c, region, status).filter((r) => inForce(r, day)) : [];
  return {
    age: rows.some((r) => !(r.age_min === null && r.age_max === null)),
    pension: rows.some((r) => r.basis === "pension"),
    contribution_years: status === "retiree",
  };
}

// --- the balance projection -----------------------------------------------------------------

/** "YYYY-MM-01" `months` after the month of `day`. */
export function addMonths(day, months) {
  const [y, m] = day.split("-").map(Number);
  const index = y * 12 + (m - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

function outpatientParams(c, region, status, on, age) {
  const found = {};
  for (const parameter of ["outpatient_deductible", "outpatient_rate", "outpatient_cap"]) {
    const rows = active(c, creditRows(c, region, parameter, status), on, age);
    if (!rows.length) return null;
    const row = rows[0];
    if (row.value === null && (!row.parameter.endsWith("_cap") || row.confidence === "unverified")) return null;
    found[parameter] = row;
  }
  const cap = found.outpatient_cap;
  return [found.outpatient_deductible.value, found.outpatient_rate.value / 100, cap.value === null ? NaN : cap.value, cap.basis || "fund_paid"];
}

/**
 * project_balances(start, months, {wage, status, city, opening, spend, outpatient, stop, pension, age}):
 * one row a month {month, credit, spend, personal_balance, pooled_outpatient_paid/used/remaining/cap
 * (null: unknown), insured, benefit_year_start}; throws a CreditProblem where Python raises.
 */
export function creditProject(c, start, months, options) {
  const o = { status: "employee", city: null, opening: 0, spend: 0, outpatient: 0, stop: null, pension: null, age: null, ...options };
  const firstDay = checkDate(c, "start", start);
  const first = `${firstDay.slice(0, 7)}-01`;
  months = checkWhole("months", months, 1, c.limits.max_months);
  const wageBase = checkNumber("wage_base", o.wage, 0, c.limits.max_wage);
  const status = checkChoice("status", o.status, c.projection_statuses);
  const region = creditRegion(c, o.city);
  let balance = checkNumber("opening_balance", o.opening, 0, c.limits.max_balance);
  const spendWanted = checkNumber("personal_spend_per_month", o.spend, 0, c.limits.max_wage);
  const cost = checkNumber("outpatient_cost_per_month", o.outpatient, 0, c.limits.max_wage);
  const stop = o.stop === null ? null : checkDate(c, "stop_contributing", o.stop);
  const pension = o.pension === null ? null : checkNumber("pension", o.pension, 0, c.limits.max_wage);
  const age = o.age === null ? null : checkWhole("age", o.age, ...c.limits.age);
  if (addMonths(first, months - 1) > c.limits.latest) throw valueError(`start + months must end by ${c.limits.latest}`);
  const resetMonth = Number(c.regions[region].benefit_year_start.slice(0, 2));
  const rows = [];
  let used = 0;
  let deductibleMet = 0;
  for (let i = 0; i < months; i++) {
    const month = addMonths(first, i);
    const on = month > firstDay ? month : firstDay;
    const ageNow = age === null ? null : Math.min(age + Math.floor(i / 12), c.limits.age[1]);
    const insured = stop === null || month < stop;
    const monthNumber = Number(month.slice(5, 7));
    const newYear = i === 0 || monthNumber === resetMonth;
    if (newYear) {
      used = 0;
      deductibleMet = 0;
    }
    let credit = 0;
    if (insured) {
      try {
        credit = creditPaid(c.credit_periods[region][status], { wage_base: wageBase, pension, age: ageNow }, on, monthNumber === resetMonth).paid / 100;
      } catch (problem) {
        if (problem instanceof RuleProblem) throw new CreditProblem("not_computable", problem.zh, problem.en);
        throw problem;
      }
    }
    const spend = Math.min(spendWanted, balance + credit);
    balance = balance + credit - spend;
    const params = outpatientParams(c, region, status, on, ageNow);
    let paid = 0;
    let cap = NaN;
    let usedNow;
    let remaining;
    if (params === null) {
      usedNow = NaN;
      remaining = NaN;
    } else {
      let deductible, rate, basis;
      [deductible, rate, cap, basis] = params;
      if (insured) {
        const towards = Math.min(cost, Math.max(deductible - deductibleMet, 0));
        deductibleMet += towards;
        const [fundPaid, counted] = poolShare(cost - towards, rate, Number.isNaN(cap) ? NaN : Math.max(cap - used, 0), basis);
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
