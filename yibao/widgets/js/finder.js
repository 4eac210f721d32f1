// The question finder: a search box and topic chips; each answer with its sources, confidence and
// a link to the page that explores it (same tab). Ranking runs here, without a kernel
// (finder_search.js on the exported index). Traits: index (yibao.question_index()), questions
// (yibao.question_records()), topics (yibao.question_topics()), pages (page titles), limit,
// query and topic ("all" or a topic id).
import { badge, choose, field, h, mount, pageLink, say, sources } from "./common.js";
import { finderCompile, finderSearch } from "./finder_search.js";

function answerCard(model, question) {
  const lang = model.get("lang");
  const page = model.get("pages")[question.see_also];
  return h(
    "article",
    { class: "yibao-answer", "data-id": question.id },
    h("h4", {}, question[`question_${lang}`]),
    h("p", {}, question[`answer_${lang}`]),
    h("p", { class: "yibao-answer-sources" }, `${say(model, "sources")}: `, sources(question.sources, lang), badge(model, question.confidence)),
    h("p", { class: "yibao-see-also" }, `${say(model, "see_also")}: `, pageLink(question.see_also, page[lang])),
  );
}

export default {
  render({ model, el }) {
    const finder = finderCompile(model.get("index"));
    let input = null;
    let results = null;
    const fill = () => {
      const query = model.get("query");
      const topic = model.get("topic") === "all" ? null : model.get("topic");
      const questions = model.get("questions");
      if (!query && topic === null) {
        results.replaceChildren(h("p", { class: "yibao-empty" }, say(model, "finder_hint")));
        return;
      }
      const hits = finderSearch(finder, query, { topic, limit: query ? model.get("limit") : questions.length });
      results.replaceChildren(
        ...(hits.length ? hits.map((hit) => answerCard(model, questions[hit.number])) : [h("p", { class: "yibao-empty yibao-finder-none" }, say(model, "finder_none"))]),
      );
    };
    const typed = (event) => {
      if (!event.isComposing) choose(model, "query", event.target.value); // an IME sends the word when it is done
    };
    const draw = () => {
      const lang = model.get("lang");
      const topic = model.get("topic");
      input = h("input", {
        type: "search",
        class: "yibao-choice-query",
        "data-focus": "query",
        value: model.get("query"),
        placeholder: say(model, "finder_placeholder"),
        "aria-label": say(model, "finder_query"),
        autocomplete: "off",
        enterkeyhint: "search",
        oninput: typed,
        oncompositionend: typed,
      });
      const topics = [{ id: "all", label: say(model, "all") }, ...model.get("topics").map((t) => ({ id: t.id, label: t[`label_${lang}`] }))];
      const chipButtons = topics.map((t) =>
        h(
          "button",
          {
            type: "button",
            class: "yibao-chip",
            "data-value": t.id,
            "data-focus": `topic:${t.id}`,
            "aria-pressed": String(t.id === topic),
            onclick: () => choose(model, "topic", t.id === topic ? "all" : t.id),
          },
          t.label,
        ),
      );
      results = h("div", { class: "yibao-answers", "aria-live": "polite" });
      fill();
      return [
        h(
          "div",
          { class: "yibao-controls yibao-finder-controls" },
          field("query", say(model, "finder_query"), input),
          field("topic", say(model, "topic"), h("div", { class: "yibao-chips yibao-choice-topic", role: "group", "aria-label": say(model, "topic") }, chipButtons)),
        ),
        results,
      ];
    };
    const fromPython = () => {
      if (input.value !== model.get("query")) input.value = model.get("query");
      fill();
    };
    const stop = mount(model, el, draw, ["topic", "limit"]);
    model.on("change:query", fromPython);
    return () => {
      stop();
      model.off("change:query", fromPython);
    };
  },
};
