// 你参加的是哪种医保? Five answers; each shows what applies, what does not (with the account answer
// and its sources), the pages to read next (links, same tab) and those that do not apply, and for
// "not sure" how to find out. Traits: choices (yibao.triage_choices()), routes (yibao.triage(...)
// records with sources, for every answer), pages (page titles), scheme ("" before an answer).
import { badge, choose, h, mount, pageLink, radios, say, shownLang, sources } from "./common.js";

function titled(model, key, className, body) {
  return h("section", { class: className }, h("h5", {}, say(model, key)), body);
}

function route(model) {
  const lang = shownLang(model);
  const record = model.get("routes")[model.get("scheme")];
  const pages = model.get("pages");
  const account = record.account;
  const list = (items) => h("ul", {}, items.map((item) => h("li", {}, item)));
  return h(
    "div",
    { class: "yibao-triage-result", "data-route": record.route, "data-scheme": record.scheme },
    h("h4", {}, record[`label_${lang}`]),
    h("p", { class: "yibao-triage-summary" }, record[`summary_${lang}`]),
    account
      ? h(
          "div",
          { class: `yibao-account yibao-account-${account.answer}`, "data-answer": account.answer },
          h("p", {}, h("b", {}, `${say(model, "personal_account")}: ${account[`answer_label_${lang}`]}`)),
          h("p", {}, account[`reason_${lang}`]),
          account[`instead_${lang}`] ? h("p", { class: "yibao-instead" }, account[`instead_${lang}`]) : null,
          h("p", { class: "yibao-account-sources" }, `${say(model, "sources")}: `, sources(account.sources, lang), badge(model, account.confidence)),
        )
      : null,
    record[`steps_${lang}`].length ? titled(model, "triage_steps", "yibao-triage-steps", h("ol", {}, record[`steps_${lang}`].map((s) => h("li", {}, s)))) : null,
    titled(model, "triage_applies", "yibao-triage-applies", list(record[`applies_${lang}`])),
    record[`not_applies_${lang}`].length ? titled(model, "triage_not_applies", "yibao-triage-not-applies", list(record[`not_applies_${lang}`])) : null,
    record.pages.length
      ? titled(model, "triage_pages", "yibao-triage-pages", h("ul", { class: "yibao-page-links" }, record.pages.map((p) => h("li", {}, pageLink(p, pages[p][lang])))))
      : null,
    record.skip_pages.length
      ? titled(model, "triage_skip_pages", "yibao-triage-skip", h("ul", {}, record.skip_pages.map((p) => h("li", { "data-page": p }, pages[p][lang]))))
      : null,
    h(
      "p",
      { class: "yibao-triage-sources" },
      `${say(model, "sources")}: `,
      sources(record.sources, lang),
      badge(model, record.confidence),
      ` ${say(model, "valid_from")}: ${record.valid_from}`,
    ),
  );
}

export default {
  render({ model, el }) {
    const draw = () => {
      const lang = shownLang(model);
      const choices = model.get("choices").map((c) => ({ value: c.id, label: c[`label_${lang}`] }));
      return [
        h("div", { class: "yibao-controls" }, radios("scheme", say(model, "triage_question"), choices, model.get("scheme"), (value) => choose(model, "scheme", value))),
        model.get("scheme") ? route(model) : h("p", { class: "yibao-empty" }, say(model, "triage_pick")),
      ];
    };
    return mount(model, el, draw, ["scheme"], { reuse: true });
  },
};
