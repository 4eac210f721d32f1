// The page's language switch: 中文 / English. A click stores the choice (it carries to the next
// page) and announces it, so every explainer on the page redraws at once, without a round trip.
import { announceLanguage, choose, h, mount, shownLang } from "./common.js";

export default {
  render({ model, el }) {
    return mount(
      model,
      el,
      () =>
        h(
          "div",
          { class: "yibao-language yibao-seg", role: "group", "aria-label": "语言 / Language" },
          [
            ["zh", "中文"],
            ["en", "English"],
          ].map(([lang, label]) =>
            h(
              "button",
              {
                type: "button",
                lang: lang === "zh" ? "zh-CN" : "en",
                class: lang === shownLang(model) ? "mod-active" : null,
                "data-value": lang,
                "data-focus": `lang:${lang}`,
                "aria-pressed": String(lang === shownLang(model)),
                onclick: () => {
                  choose(model, "lang", lang);
                  announceLanguage(lang);
                },
              },
              label,
            ),
          ),
        ),
      [],
      { reuse: true },
    );
  },
};
