// What the seed articles claimed, checked: filter by verdict, folded by article (its name and title
// head each section). Traits: rows (yibao.seed_claims()), facets, choices, verdict.
import { filteredTable, h, mount, say, segmented, sourcesCell, unfoldWhenPrinted } from "./common.js";

export default {
  render({ model, el }) {
    const cells = (claim, lang) => [
      // the article's own words (in Chinese, marked so), then in English what they claim
      lang === "zh" ? h("q", {}, claim.quote_zh) : [h("q", { lang: "zh-CN" }, claim.quote_zh), h("div", {}, claim.claim_en)],
      h("span", { class: `yibao-verdict-${claim.verdict}` }, claim[`verdict_${lang}`]),
      claim[`correction_${lang}`],
      sourcesCell(model, claim),
    ];
    // the article's Chinese title, marked so
    const section = ({ seed_source: seed }, lang) => ({ id: seed.id, title: [`${say(model, "seed")}: ${seed[`label_${lang}`]} · `, h("span", { lang: "zh-CN" }, seed.title)] });
    const draw = () => filteredTable(model, { name: "verdict", control: segmented, headers: ["claim", "verdict", "correction", "sources"], cells, section });
    unfoldWhenPrinted(el);
    return mount(model, el, draw, ["verdict"], { reuse: true });
  },
};
