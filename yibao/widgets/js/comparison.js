// Personal account vs pooled fund, one row per dimension, each side with its sources.
// Trait: rows (yibao.account_rows()).
import { badge, mount, reportLink, say, shownLang, sources, table } from "./common.js";

export default {
  render({ model, el }) {
    const draw = () => {
      const lang = shownLang(model);
      const rows = model.get("rows").map((row) => ({
        id: row.id,
        cells: [
          [row[`dimension_${lang}`], badge(model, row.confidence)],
          [row[`personal_${lang}`], " ", sources(row.personal_sources, lang)],
          [row[`pooled_${lang}`], " ", sources(row.pooled_sources, lang), reportLink(model, row)],
        ],
      }));
      return table(["dimension", "personal_account", "pooled_fund"].map((key) => say(model, key)), rows);
    };
    return mount(model, el, draw, [], { reuse: true });
  },
};
