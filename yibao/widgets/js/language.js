// The page's bar: 中文 / English, 长辈版 (large text), copy the link, print. The language and the size
// are stored (they carry to the next page); a language change is announced, so every explainer on the
// page redraws at once, without a round trip. The link carries the explainers' choices (address.js).
import { announceLanguage, chooseSize, choose, h, mount, pageSize, say, shownLang } from "./common.js";

/** Copy `text`; where the page may not write to the clipboard, show it selected to copy by hand. */
async function copied(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export default {
  render({ model, el }) {
    let large = pageSize() === "large";
    let message = null; // after a copy: {copied, href}
    let redraw = () => {};
    const draw = () => [
      h(
        "div",
        { class: "yibao-page-bar" },
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
        h(
          "div",
          { class: "yibao-seg yibao-page-actions" },
          h(
            "button",
            {
              type: "button",
              class: "yibao-size",
              "data-focus": "size",
              "aria-pressed": String(large),
              onclick: () => {
                large = !large;
                chooseSize(large ? "large" : "normal");
                redraw();
              },
            },
            say(model, "large_text"),
          ),
          h(
            "button",
            {
              type: "button",
              class: "yibao-copy-link",
              "data-focus": "copy",
              onclick: async () => {
                const href = window.location.href;
                message = { copied: await copied(href), href };
                redraw();
              },
            },
            say(model, "copy_link"),
          ),
          h("button", { type: "button", class: "yibao-print", "data-focus": "print", onclick: () => window.print() }, say(model, "print_page")),
        ),
      ),
      message
        ? h(
            "p",
            { class: "yibao-link-message", role: "status" },
            message.copied ? say(model, "link_copied") : [say(model, "link_to_copy"), " ", h("input", { type: "text", readonly: true, value: message.href, "aria-label": say(model, "copy_link") })],
          )
        : null,
      h("p", { class: "yibao-printed-on" }, `${say(model, "printed_on")}: ${new Date().toISOString().slice(0, 10)}`),
    ];
    const cleanup = mount(model, el, draw, []);
    redraw = cleanup.redraw;
    return cleanup;
  },
};
