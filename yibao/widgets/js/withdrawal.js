// Can the balance be withdrawn? ① situation → ② city → ③ verdict, who may apply, documents,
// what happens afterwards, warnings, sources. Traits: scenarios, regions, assessments and bodies
// (yibao.assess_withdrawal(...).to_record() for every situation × city, both languages), scenario, region.
import { badge, bulletList, choose, dropdown, h, mount, placeOptions, printable, radios, reportLink, say, shownLang, sources } from "./common.js";

function result(model) {
  const lang = shownLang(model);
  const t = (key) => say(model, key);
  const entry = model.get("assessments")[`${model.get("scenario")}|${model.get("region")}`];
  const record = model.get("bodies")[entry[lang]];
  return h(
    "div",
    { class: "yibao-withdrawal-result" },
    h("h2", { "data-announce": "" }, `③ ${record.title}`),
    h("div", { class: `yibao-verdict yibao-verdict-${record.verdict}`, "data-announce": "" }, record.verdict_label),
    entry[`note_${lang}`] ? h("p", { class: "yibao-note" }, entry[`note_${lang}`]) : null,
    entry[`hint_${lang}`] ? h("p", { class: "yibao-empty" }, entry[`hint_${lang}`]) : null,
    h("p", {}, record.summary),
    h("h3", {}, t("who_may_apply")),
    h("p", { class: "yibao-who" }, record.who_may_apply || t("nobody")),
    h("h3", {}, t("documents")),
    h("div", { class: "yibao-documents" }, bulletList(model, record.documents)),
    h("h3", {}, t("after_effects")),
    bulletList(model, record.after_effects),
    h("h3", {}, t("warnings")),
    h("div", { class: "yibao-warnings" }, bulletList(model, record.warnings)),
    h("p", {}, `${t("sources")}: `, sources(record.sources, lang), badge(model, record.confidence), ` ${t("valid_from")}: ${record.valid_from}`, reportLink(model, record)),
  );
}

export default {
  render({ model, el }) {
    printable(el);
    const draw = () => {
      const lang = shownLang(model);
      const scenarios = model.get("scenarios").map((s) => ({ value: s.id, label: s[`title_${lang}`] }));
      const regions = [{ value: "national", label: say(model, "region_any") }, ...placeOptions(model.get("regions"), lang)];
      return [
        h(
          "div",
          { class: "yibao-controls" },
          radios("scenario", `① ${say(model, "scenario")}`, scenarios, model.get("scenario"), (value) => choose(model, "scenario", value)),
          dropdown("region", `② ${say(model, "city")}`, regions, model.get("region"), (value) => choose(model, "region", value)),
        ),
        h(
          "p",
          { class: "yibao-print-only yibao-print-situation" },
          `${say(model, "scenario")}: ${scenarios.find((s) => s.value === model.get("scenario")).label} · ${say(model, "city")}: ${regions.find((r) => r.value === model.get("region")).label}`,
        ),
        result(model),
      ];
    };
    return mount(model, el, draw, ["scenario", "region"], { reuse: true });
  },
};
