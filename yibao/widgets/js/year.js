// A year of care: who pays each bill, the pooled fund, the personal account or you, and the same
// bills before and after the city's reform. Computed in the page by year_rules.js on the rows of
// yibao.year_rules (trait rule_rows, one entry per city); amounts typed as people write them (amount.js).
// Traits: rule_rows, cities, presets, years; choices preset, city, status, year,
// wage_base, pension, age, retirement_year (retirees, optional: null), opening_balance, rules, bills ([date, kind, amount, level] in date order).
import { badge, choose, dropdown, h, mount, placeOptions, reportLink, reportShown, say, segmented, sources } from "./common.js";
import { AmountProblem, parseAmount } from "./amount.js";
import { fen, RuleProblem } from "./credit_periods.js";
import { yearCheck, yearReport } from "./year_rules.js";
import { fill, yuanText } from "./yuan.js";

/** ¥ as Python's texts show it (the amounts are whole fen). */
function money(amount) {
  return yuanText(fen(amount));
}

function yuan(amount) {
  return `¥${money(amount)}`;
}

/** The same month and day in `year` (29 February becomes the 28th). */
function inYear(day, year) {
  const month = Number(day.slice(5, 7));
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${day.slice(5, 7)}-${String(Math.min(Number(day.slice(8, 10)), last)).padStart(2, "0")}`;
}

function sortedBills(bills) {
  return [...bills].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** A stacked bar, one segment per payer as wide as its share, with its legend. */
function payBar(segments, lang, small) {
  const described = segments.map((s) => `${s[`label_${lang}`]} ${yuan(s.amount)}`).join("; ");
  const bar = h(
    "div",
    { class: small ? "yibao-bar yibao-bar-small" : "yibao-bar", role: "img", "aria-label": described },
    segments.filter((s) => s.share > 0).map((s) => h("span", { class: `yibao-pay yibao-pay-${s.payer}`, style: `width:${s.share}%`, title: `${s[`label_${lang}`]} ${yuan(s.amount)}` })),
  );
  if (small) return bar;
  const legend = h(
    "ul",
    { class: "yibao-legend" },
    segments.map((s) => h("li", {}, h("span", { class: `yibao-swatch yibao-pay-${s.payer}` }), `${s[`label_${lang}`]} `, h("b", {}, yuan(s.amount)))),
  );
  return [bar, legend];
}

function message(text) {
  return h("div", { class: "yibao-message", role: "alert" }, text);
}

function ruleItems(model, ids, rules) {
  const lang = model.get("lang");
  return h(
    "ul",
    { class: "yibao-rules" },
    ids.map((id) => {
      const rule = rules[id];
      return h("li", { "data-rule": id }, rule[`description_${lang}`], " ", sources(rule.sources, lang), badge(model, rule.confidence), reportLink(model, rule));
    }),
  );
}

function billHead(bill, lang) {
  const what = [bill[`kind_${lang}`], bill[`level_${lang}`]].filter(Boolean).join(" · ");
  return h("div", { class: "yibao-bill-head" }, h("b", {}, bill.date), ` ${what} `, h("b", {}, yuan(bill.amount)));
}

export default {
  render({ model, el }) {
    // what the visitor typed that could not be used: shown with its message until it is fixed
    const typed = {};
    const errors = {};
    const form = { kind: "outpatient", date: null, amount: "300", level: "community" };
    const t = (key) => say(model, key);
    const fmt = (key, fields) => fill(t(key), fields);
    const inBoth = (key, fields) => ({ zh: fill(model.get("text")[key].zh, fields), en: fill(model.get("text")[key].en, fields) });
    const notAnAmount = (text) => inBoth("amount_invalid", { text });
    const rulesOf = () => model.get("rule_rows")[model.get("city")];

    const setMany = (values) => {
      for (const [name, value] of Object.entries(values)) model.set(name, value);
      model.save_changes();
    };

    const loadPreset = (id, year) => {
      const preset = model.get("presets").find((p) => p.id === id);
      const values = { preset: id };
      if (preset) {
        Object.assign(values, { status: preset.inputs.status, age: preset.inputs.age });
        for (const key of ["wage_base", "pension"]) if (key in preset.inputs) values[key] = preset.inputs[key];
        values.bills = sortedBills(preset.events.map(([day, ...rest]) => [inYear(`2000-${day}`, year), ...rest]));
        for (const key of ["wage_base", "pension", "age"]) delete errors[key];
      }
      setMany(values);
    };

    const editBills = (bills) => setMany({ bills: sortedBills(bills), preset: "custom" });

    /** An amount box: the value when it reads, else a message in the page language (the last valid value stays). */
    const amountBox = (name, label, current, accept, optional = false) => {
      const lang = model.get("lang");
      const onchange = (event) => {
        const text = event.target.value;
        try {
          accept(optional && text.trim() === "" ? null : parseAmount(text));
        } catch (error) {
          if (error instanceof AmountProblem) {
            typed[name] = text;
            errors[name] = notAnAmount(error.text);
          } else if (error instanceof RuleProblem) {
            typed[name] = text;
            errors[name] = { zh: error.zh, en: error.en };
          } else throw error;
          redraw();
        }
      };
      const shown = name in errors ? typed[name] : current;
      return h(
        "label",
        { class: `yibao-field yibao-amount yibao-choice-${name}` },
        h("span", { class: "yibao-label" }, label),
        h("input", { type: "text", inputmode: "decimal", value: shown, "data-focus": name, "aria-invalid": name in errors ? "true" : null, onchange }),
        name in errors ? h("span", { class: "yibao-input-error", role: "alert" }, errors[name][lang]) : null,
      );
    };

    const personInput = (name) =>
      amountBox(name, t(name), String(model.get(name)), (value) => {
        yearCheck(rulesOf(), name, value);
        delete errors[name];
        delete typed[name];
        if (value === model.get(name)) redraw();
        else choose(model, name, value);
      });

    /** A box for a whole number from `low` to `high` (optional: an empty box means not given), labelled by its trait. */
    const wholeNumberBox = (R, name, optional = false) => {
      const current = model.get(name);
      return amountBox(
        name,
        t(name),
        current === null ? "" : String(current),
        (value) => {
          if (value !== null) yearCheck(R, name, value, { year: model.get("year") });
          delete errors[name];
          if (value === current) redraw();
          else choose(model, name, value);
        },
        optional,
      );
    };

    /** Without a retirement year: the rules that depend on it, each naming both amounts and whom they are for (Python chose them). */
    const retirementNote = (R, lang) =>
      h(
        "div",
        { class: "yibao-empty yibao-retirement-note" },
        h("p", {}, t("retirement_year_note")),
        h("ul", {}, (R.retirement_rules[model.get("status")][String(model.get("year"))] || []).map((id) => h("li", { "data-rule": id }, R.rows[id][`description_${lang}`]))),
      );

    const controls = () => {
      const lang = model.get("lang");
      const R = rulesOf();
      const shown = R.inputs[model.get("status")][String(model.get("year"))]; // year_inputs: what the crediting rules use
      const presets = [...model.get("presets").map((p) => ({ value: p.id, label: p[`label_${lang}`] })), { value: "custom", label: t("preset_custom") }];
      const preset = model.get("presets").find((p) => p.id === model.get("preset"));
      return h(
        "div",
        { class: "yibao-controls yibao-year-controls" },
        h(
          "div",
          { class: "yibao-year-preset" },
          dropdown("preset", t("start_from"), presets, model.get("preset"), (id) => (id === "custom" ? choose(model, "preset", id) : loadPreset(id, model.get("year")))),
          preset ? h("p", { class: "yibao-empty yibao-preset-note" }, preset[`description_${lang}`]) : null,
        ),
        dropdown("city", t("city"), placeOptions(model.get("cities"), lang), model.get("city"), (city) => choose(model, "city", city)),
        dropdown(
          "year",
          t("year"),
          model.get("years").map((y) => ({ value: String(y), label: String(y) })),
          String(model.get("year")),
          (value) => {
            const year = Number(value);
            setMany({ year, bills: sortedBills(model.get("bills").map(([day, ...rest]) => [inYear(day, year), ...rest])) });
          },
        ),
        segmented("status", t("status"), Object.keys(R.statuses).map((s) => ({ value: s, label: t(s) })), model.get("status"), (status) => choose(model, "status", status)),
        h(
          "div",
          { class: "yibao-year-person" },
          shown.wage_base ? personInput("wage_base") : null,
          shown.pension ? personInput("pension") : null,
          shown.age ? wholeNumberBox(R, "age") : null,
          shown.retirement_year ? wholeNumberBox(R, "retirement_year", true) : null,
          personInput("opening_balance"),
        ),
        shown.retirement_year && model.get("retirement_year") === null ? retirementNote(R, lang) : null,
        R.reform_date === null
          ? null
          : segmented("rules", t("rule_set"), ["actual", "before_reform", "after_reform"].map((s) => ({ value: s, label: R.text[`rules_${s}`][lang] })), model.get("rules"), (rules) => choose(model, "rules", rules)),
      );
    };

    const inputs = () => ({
      status: model.get("status"),
      year: model.get("year"),
      events: model.get("bills"),
      wage_base: model.get("wage_base"),
      age: model.get("age"),
      pension: model.get("pension"),
      opening_balance: model.get("opening_balance"),
      retirement_year: model.get("status") === "retiree" ? model.get("retirement_year") : null,
      rules: model.get("rules"),
    });

    const summary = (report) => {
      const lang = model.get("lang");
      const side = report.year;
      const leftOut = report.events.filter((b) => !b.computed);
      return h(
        "section",
        { class: "yibao-year-summary", "aria-live": "polite" },
        h("p", { class: "yibao-year-answer", "data-announce": "" }, side[`headline_${lang}`]),
        h("p", { class: "yibao-empty" }, rulesOf().text[`rules_${side.rules}`][lang]),
        payBar(side.bar, lang, false),
        h("p", { class: "yibao-year-balance" }, fmt("year_balance", { credits: money(side.credits_received), closing: money(side.closing_balance) })),
        report.events.length ? null : h("p", { class: "yibao-empty" }, t("no_bills")),
        leftOut.length
          ? h(
              "div",
              { class: "yibao-message yibao-not-computed" },
              h("p", {}, fmt("not_computed_note", { count: leftOut.length, amount: money(leftOut.reduce((sum, b) => sum + b.amount, 0)) })),
              h("ul", {}, [...new Set(leftOut.map((b) => b[`reason_${lang}`]))].map((reason) => h("li", {}, reason))),
            )
          : null,
      );
    };

    const comparison = (report) => {
      const lang = model.get("lang");
      const compared = report.comparison;
      const heading = h("h2", {}, t("compare_heading"));
      if (compared === null) return h("section", { class: "yibao-year-comparison" }, heading, h("p", { class: "yibao-empty" }, fmt("no_reform_date", { city: report[`region_${lang}`] })));
      const reform = h("p", {}, fmt("reform_on", { date: compared.reform_date }));
      if ("error_zh" in compared) return h("section", { class: "yibao-year-comparison" }, heading, reform, message(t("compare_impossible") + compared[`error_${lang}`]));
      const column = (key) => {
        const side = compared[key];
        return h(
          "div",
          { class: `yibao-column yibao-reform-${key}` },
          h("h3", {}, rulesOf().text[`rules_${side.rules}`][lang]),
          payBar(side.bar, lang, false),
          h("p", {}, fmt("year_balance", { credits: money(side.credits_received), closing: money(side.closing_balance) })),
        );
      };
      const leftOut = compared.not_computed;
      return h(
        "section",
        { class: "yibao-year-comparison" },
        heading,
        reform,
        h("p", { class: "yibao-reform-difference" }, h("b", {}, compared[`explanation_${lang}`])),
        h("div", { class: "yibao-columns" }, column("before"), column("after")),
        leftOut.length
          ? h(
              "details",
              { class: "yibao-not-computed" },
              h("summary", {}, fmt("compare_left_out", { count: leftOut.length })),
              h("ul", {}, leftOut.map((bill) => h("li", {}, billHead(bill, lang), `${rulesOf().text[`rules_${bill.rules}`][lang]}: ${bill[`reason_${lang}`]}`))),
            )
          : null,
      );
    };


    /** "Remove" for one bill; its accessible name says which (number, date, kind, amount). */
    const removeButton = (index) => {
      const [date, kind, amount] = model.get("bills")[index];
      const label = fmt("remove_bill_named", { number: index + 1, date, kind: rulesOf().text[`care_${kind}`][model.get("lang")], amount: yuan(amount) });
      const remove = () => editBills(model.get("bills").filter((_, i) => i !== index));
      return h("button", { type: "button", class: "yibao-remove", "data-focus": `remove:${index}`, "aria-label": label, title: label, onclick: remove }, t("remove_bill"));
    };

    /** Each bill with who pays it, in date order; bills entered but not computed say why. */
    const billList = (report) => {
      const lang = model.get("lang");
      const bills = model.get("bills");
      const items = bills.map((entered, index) => {
        const bill = report ? report.events.find((b) => b.event === index + 1) : null;
        if (!bill) {
          const [date, kind, amount, level] = entered;
          const rules = rulesOf();
          const head = billHead({ date, amount, [`kind_${lang}`]: rules.text[`care_${kind}`][lang], [`level_${lang}`]: kind === "pharmacy" ? "" : rules.text[`level_${level}`][lang] }, lang);
          return h("li", { class: "yibao-bill" }, h("div", { class: "yibao-bill-top" }, head, removeButton(index)));
        }
        const top = h("div", { class: "yibao-bill-top" }, billHead(bill, lang), removeButton(index));
        if (!bill.computed) {
          return h("li", { class: "yibao-bill yibao-bill-not-computed" }, top, message(bill[`reason_${lang}`]), bill.sources.length ? h("p", {}, sources(bill.sources, lang)) : null);
        }
        const notes = bill.large_amount ? [fmt("large_amount_part", { amount: money(bill.large_amount) })] : [];
        for (const key of ["deductible_left", "cap_left"]) if (bill[key] !== null) notes.push(fmt(key, { amount: money(bill[key]) }));
        notes.push(fmt("balance_after", { amount: money(bill.balance) }));
        return h(
          "li",
          { class: "yibao-bill" },
          top,
          payBar(bill.bar, lang, true),
          h("div", { class: "yibao-bill-split" }, bill.bar.map((s, i) => [i ? " · " : "", `${s[`label_${lang}`]} `, h("b", {}, yuan(s.amount))])),
          h("details", {}, h("summary", {}, t("rule_and_sources")), ruleItems(model, bill.rule, report.rules), h("p", {}, notes.join(" · "))),
        );
      });
      return h("section", { class: "yibao-year-bills" }, h("h2", {}, t("bills_heading")), items.length ? h("ol", { class: "yibao-bills" }, items) : null);
    };

    /** The new bill: kind, date, amount, level (not for a pharmacy purchase); nothing changes until "add". */
    const billForm = () => {
      const lang = model.get("lang");
      const year = model.get("year");
      const rules = rulesOf();
      form.date = form.date && form.date.startsWith(`${year}-`) ? form.date : `${year}-03-01`;
      const add = () => {
        const day = form.date;
        if (!day || !(day >= `${year}-01-01` && day <= `${year}-12-31`)) {
          errors.form = inBoth("date_outside_year", { year });
          redraw();
          return;
        }
        let amount;
        try {
          amount = parseAmount(form.amount);
          yearCheck(rules, "amount", amount, { n: model.get("bills").length + 1 });
        } catch (error) {
          if (error instanceof AmountProblem) errors.form = notAnAmount(error.text);
          else if (error instanceof RuleProblem) errors.form = { zh: error.zh, en: error.en };
          else throw error;
          redraw();
          return;
        }
        delete errors.form;
        editBills([...model.get("bills"), [day, form.kind, amount, form.kind === "pharmacy" ? "any" : form.level]]);
      };
      return h(
        "section",
        { class: "yibao-year-form" },
        h("h2", {}, t("add_or_remove")),
        segmented("new_kind", t("bill_kind"), rules.form_kinds.map((k) => ({ value: k, label: rules.text[`care_${k}`][lang] })), form.kind, (kind) => {
          form.kind = kind;
          redraw();
        }),
        h(
          "div",
          { class: "yibao-year-form-row" },
          h(
            "label",
            { class: "yibao-field yibao-choice-new_date" },
            h("span", { class: "yibao-label" }, t("date")),
            h("input", { type: "date", value: form.date, min: `${year}-01-01`, max: `${year}-12-31`, "data-focus": "new_date", onchange: (event) => (form.date = event.target.value) }),
          ),
          h(
            "label",
            { class: "yibao-field yibao-amount yibao-choice-new_amount" },
            h("span", { class: "yibao-label" }, t("bill_amount")),
            h("input", { type: "text", inputmode: "decimal", value: form.amount, "data-focus": "new_amount", oninput: (event) => (form.amount = event.target.value) }),
          ),
          form.kind === "pharmacy"
            ? null
            : dropdown("new_level", t("hospital_level"), rules.levels.map((l) => ({ value: l, label: rules.text[`level_${l}`][lang] })), form.level, (level) => (form.level = level)),
        ),
        errors.form ? h("div", { class: "yibao-input-error", role: "alert" }, errors.form[lang]) : null,
        h(
          "div",
          { class: "yibao-year-buttons" },
          h("button", { type: "button", class: "yibao-primary yibao-add", "data-focus": "add", onclick: add }, t("add_bill")),
          model.get("bills").length ? h("button", { type: "button", class: "yibao-clear", "data-focus": "clear", onclick: () => editBills([]) }, t("clear_bills")) : null,
        ),
      );
    };

    const draw = () => {
      const lang = model.get("lang");
      const report = yearReport(rulesOf(), inputs());
      const failed = "error_zh" in report;
      reportShown(
        model,
        el,
        failed
          ? { headline: null, credits: null, ids: [], left_out: [], error: { zh: report.error_zh, en: report.error_en } }
          : {
              headline: { zh: report.year.headline_zh, en: report.year.headline_en },
              credits: report.year.credits_received,
              ids: Object.keys(report.rules),
              left_out: report.events.filter((b) => !b.computed).map((b) => b.event),
              error: null,
            },
      );
      return [
        controls(),
        failed ? h("section", { class: "yibao-year-summary" }, message(report[`error_${lang}`])) : summary(report),
        failed ? null : comparison(report),
        billForm(),
        billList(failed ? null : report),
        failed || !Object.keys(report.rules).length
          ? null
          : h("details", { class: "yibao-year-rules" }, h("summary", {}, t("rules_used")), ruleItems(model, Object.keys(report.rules), report.rules)),
        h("p", { class: "yibao-empty" }, t("year_caveat")),
      ];
    };

    let redraw = () => {};
    const cleanup = mount(model, el, draw, ["preset", "city", "status", "year", "wage_base", "pension", "age", "retirement_year", "opening_balance", "rules", "bills"], { patch: true });
    redraw = cleanup.redraw; // a message or the new bill's kind: drawn the same way as a change of a trait
    return cleanup;
  },
};
