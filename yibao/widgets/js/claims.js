// What the seed articles claimed, checked: filter by verdict. Traits: rows (yibao.seed_claims()),
// facets, choices, verdict.
import { filteredTable, h, mount, segmented, sources, sourcesCell } from "./common.js";

export default {
  render({ model, el }) {
    const cells = (claim, lang) => [
      sources([claim.seed_source], lang),
      // the article's own words (in Chinese, marked so), then in English what they claim
      lang === "zh" ? h("q", {}, claim.quote_zh) : [h("q", { lang: "zh-CN" }, claim.quote_zh), h("div", {}, claim.claim_en)],
      h("span", { class: `yibao-verdict-${claim.verdict}` }, claim[`verdict_${lang}`]),
      claim[`correction_${lang}`],
      sourcesCell(model, claim),
    ];
    const draw = () => filteredTable(model, { name: "verdict", control: segmented, headers: ["seed", "claim", "verdict", "correction", "sources"], cells });
    return mount(model, el, draw, ["verdict"], { reuse: true });
  },
};
