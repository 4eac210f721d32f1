// Family sharing (共济) rules, oldest first: filter by region (national rules stay).
// Traits: rows (yibao.family_sharing_rules()), facets, choices, region.
import { dropdown, filteredTable, mount, sourcesCell } from "./common.js";

export default {
  render({ model, el }) {
    const cells = (rule, lang) => [rule.valid_from, rule[`region_${lang}`], rule[`description_${lang}`], sourcesCell(model, rule)];
    const draw = () => filteredTable(model, { name: "region", control: dropdown, headers: ["valid_from", "region", "family_sharing", "sources"], cells });
    return mount(model, el, draw, ["region"], { reuse: true });
  },
};
