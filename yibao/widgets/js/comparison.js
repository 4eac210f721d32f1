// Personal account vs pooled fund, one section per dimension (folded, the first open), each side
// with its sources. Trait: rows (yibao.account_rows()).
import { badge, foldedSections, h, mount, reportLink, say, shownLang, sources, table, unfoldWhenPrinted } from "./common.js";

export default {
  render({ model, el }) {
    const draw = () => {
      const lang = shownLang(model);
      const headers = ["personal_account", "pooled_fund"].map((key) => say(model, key));
      return foldedSections(
        model.get("rows").map((row) => ({
          id: row.id,
          title: h("span", { class: "yibao-dimension" }, row[`dimension_${lang}`], " ", badge(model, row.confidence)),
          content: table(headers, [
            {
              id: row.id,
              cells: [
                [row[`personal_${lang}`], " ", sources(row.personal_sources, lang)],
                [row[`pooled_${lang}`], " ", sources(row.pooled_sources, lang), reportLink(model, row)],
              ],
            },
          ]),
        })),
        say(model, "dimension"),
      );
    };
    unfoldWhenPrinted(el);
    return mount(model, el, draw, [], { reuse: true });
  },
};
