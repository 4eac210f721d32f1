// 亲情账户, 家庭共济 and 医保钱包 side by side: what, who, how, limits, where available, sources.
// Trait: rows (yibao.family_options()).
import { bulletList, h, mount, say, shownLang, sourcesCell, table } from "./common.js";

export default {
  render({ model, el }) {
    const draw = () => {
      const lang = shownLang(model);
      const rows = model.get("rows").map((row) => ({
        id: row.id,
        cells: [
          [h("b", {}, row[`name_${lang}`]), " ", h("span", { class: `yibao-money yibao-money-${row.money_moves}` }, row[`money_moves_${lang}`])],
          row[`what_${lang}`],
          row[`who_${lang}`],
          h("ol", {}, row[`how_${lang}`].map((step) => h("li", {}, step))),
          bulletList(model, row[`limits_${lang}`]),
          [row[`availability_${lang}`] ?? "", " ", `${say(model, "valid_from")}: ${row.valid_from}`],
          sourcesCell(model, row),
        ],
      }));
      const headers = ["fo_option", "fo_what", "fo_who", "fo_how", "fo_limits", "fo_availability", "sources"];
      return h("div", { class: "yibao-family-options" }, table(headers.map((key) => say(model, key)), rows));
    };
    return mount(model, el, draw, [], { reuse: true });
  },
};
