// How much goes into the personal account each month: the answer as the headline, the rule and its
// sources one tap away, computed in the page by credit_rules.js on the periods Python compiled
// (trait `rules`: yibao.credit_rules()). Inputs that do not apply to the status are hidden.
// Traits: wage, status, city, on, tier, years_met, age, pension (the visitor's choices).
import { badge, choose, chooseStatus, dropdown, field, h, lowestAge, mount, placeOptions, printable, reportLink, reportShown, say, segmented, sources, table } from "./common.js";
import { amountBox } from "./amount.js";
import { fen, RuleProblem } from "./credit_periods.js";
import { creditHeadline, creditMonthly, creditOffered } from "./credit_rules.js";
import { fill, yuanText } from "./yuan.js";

function moneyText(amount) {
  return `¥${yuanText(fen(amount))}`;
}

function creditDetails(model, rules, credit) {
  const lang = model.get("lang");
  const cite = (ids) => sources(ids.map((id) => rules.sources[id]), lang);
  const parts = credit.parts.map((part) => {
    const rule = rules.rows[part.row_id];
    return {
      id: part.row_id,
      cells: [
        rule[`description_${lang}`],
        say(model, `payer_${part.payer}`),
        moneyText(part.amount),
        [cite(rule.source_ids), badge(model, rule.confidence), reportLink(model, rule)],
      ],
    };
  });
  const limits = credit.base_limits.map((id) => ({
    id,
    cells: [rules.rows[id][`description_${lang}`], [cite(rules.rows[id].source_ids), badge(model, rules.rows[id].confidence)]],
  }));
  return h(
    "details",
    { class: "yibao-credit-rule" },
    h("summary", {}, say(model, "rule_and_sources")),
    parts.length ? table(["rule_applied", "payer", "per_month", "sources"].map((key) => say(model, key)), parts) : null,
    limits.length ? table([say(model, "base_limits"), say(model, "sources")], limits) : null,
    h("p", { class: "yibao-rule" }, `${say(model, "rule_applied")}: ${credit.rule[lang]}`),
    h("p", { class: "yibao-credit-sources" }, `${say(model, "sources")}: `, cite(credit.source_ids), " ", badge(model, credit.confidence)),
  );
}

function creditAnswer(model, rules, credit) {
  const headline = {
    credited: creditHeadline(rules, credit, model.get("city"), model.get("lang")),
    no_account: say(model, "account_no"),
    keep_paying: say(model, "headline_keep_paying"),
  }[credit.outcome];
  const era = credit.reform_date === null
    ? null
    : `${fill(say(model, "reform_on"), { date: credit.reform_date })} → ${say(model, credit.after_reform ? "after_reform" : "before_reform")}`;
  return h(
    "div",
    { class: "yibao-credit-result", "data-outcome": credit.outcome, "data-amount": credit.amount.toFixed(2) },
    h("div", { class: "yibao-headline yibao-credit-total", "data-announce": "" }, headline),
    credit.base_clamped === null
      ? null
      : h("p", { class: "yibao-credit-clamp" }, fill(say(model, `clamped_${credit.base_clamped}`), { limit: yuanText(fen(credit.wage_base_used), 0) })),
    era ? h("p", { class: "yibao-credit-era" }, era) : null,
    creditDetails(model, rules, credit),
  );
}

export default {
  render({ model, el }) {
    printable(el);
    const rules = model.get("rules");
    const inRange = (day) => /^\d{4}-\d{2}-\d{2}$/.test(day) && day >= rules.limits.earliest && day <= rules.limits.latest;
    const state = {};
    const draw = () => {
      const lang = model.get("lang");
      const status = model.get("status");
      const city = model.get("city") === "national" ? null : model.get("city");
      const on = model.get("on");
      const pick = (name) => (value) => choose(model, name, value);
      const tiers = creditOffered(rules, status, city, on, null, null).tiers;
      const offered = tiers.map((t) => t.id);
      const tier = offered.length ? (offered.includes(model.get("tier")) ? model.get("tier") : offered[0]) : null;
      const answers = model.get("years_answers");
      const yearsMet = status === "retiree" ? answers[model.get("years_met")] : null;
      const needed = creditOffered(rules, status, city, on, tier, yearsMet).inputs;
      let answer;
      try {
        const credit = creditMonthly(rules, model.get("wage"), { status, city, on, tier, yearsMet, age: model.get("age"), pension: model.get("pension") });
        answer = creditAnswer(model, rules, credit);
        reportShown(model, el, { outcome: credit.outcome, amount: credit.amount, ids: credit.parts.map((p) => p.row_id), error: null });
      } catch (problem) {
        if (!(problem instanceof RuleProblem)) throw problem;
        answer = h("p", { class: "yibao-message yibao-credit-problem", "data-announce": "" }, problem[lang]);
        reportShown(model, el, { outcome: null, amount: null, ids: [], error: { zh: problem.zh, en: problem.en } });
      }
      const cities = placeOptions(model.get("cities"), lang, (c) => (c.id === "national" ? say(model, "national") : c[`name_${lang}`]));
      const ageLabel = h("output", { class: "yibao-slider-value" }, String(model.get("age")));
      const cityLabel = cities.find((c) => c.value === model.get("city")).label;
      const chosen = [`${say(model, "status")}: ${say(model, status)}`, `${say(model, "city")}: ${cityLabel}`];
      if (status !== "retiree") chosen.push(`${say(model, "wage_before_tax")}: ${moneyText(model.get("wage"))}`); // no wage box for retirees
      chosen.push(`${say(model, "date")}: ${on}`);
      if (needed.age) chosen.push(`${say(model, "age")}: ${model.get("age")}`);
      return [
        h("p", { class: "yibao-print-only yibao-print-situation" }, chosen.join(" · ")),
        answer,
        h(
          "div",
          { class: "yibao-controls yibao-credit-controls" },
          status === "retiree" ? null : amountBox(model, "wage", say(model, "wage_before_tax"), rules.limits.max_wage, state),
          segmented("status", say(model, "status"), rules.statuses.map((s) => ({ value: s, label: say(model, s) })), status, (v) => chooseStatus(model, v)),
          dropdown("city", say(model, "city"), cities, model.get("city"), pick("city")),
          field(
            "on",
            say(model, "date"),
            h("input", {
              type: "date",
              class: "yibao-date yibao-choice-on",
              "aria-label": say(model, "date"),
              "data-focus": "on",
              min: rules.limits.earliest,
              max: rules.limits.latest,
              value: on,
              // a date being typed passes through dates out of range (the year's first digit): kept until the box is left
              onchange: (event) => {
                if (inRange(event.target.value)) choose(model, "on", event.target.value);
              },
              onblur: (event) => {
                if (!inRange(event.target.value)) event.target.value = model.get("on");
              },
            }),
          ),
          tiers.length ? segmented("tier", say(model, "tier"), tiers.map((t) => ({ value: t.id, label: t[`label_${lang}`] })), tier, pick("tier")) : null,
          needed.contribution_years
            ? segmented("years_met", say(model, "years_met_question"), Object.keys(answers).map((v) => ({ value: v, label: say(model, `years_${v}`) })), model.get("years_met"), pick("years_met"))
            : null,
          needed.age
            ? field(
                "age",
                say(model, "age"),
                h(
                  "div",
                  { class: "yibao-slider-row" },
                  h("input", {
                    type: "range",
                    class: "yibao-slider yibao-choice-age",
                    "data-focus": "age",
                    "aria-label": say(model, "age"),
                    min: lowestAge(model, model.get("age_slider")[0]),
                    max: model.get("age_slider")[1],
                    value: model.get("age"),
                    oninput: (event) => (event.target.nextElementSibling.textContent = event.target.value),
                    onchange: (event) => choose(model, "age", Number(event.target.value)),
                  }),
                  ageLabel,
                ),
              )
            : null,
          needed.pension ? amountBox(model, "pension", say(model, "pension"), rules.limits.max_wage, state) : null,
        ),
      ];
    };
    return mount(model, el, draw, ["wage", "status", "city", "on", "tier", "years_met", "age", "pension"], { patch: true });
  },
};
