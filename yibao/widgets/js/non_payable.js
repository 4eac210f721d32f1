// What the fund and the personal account do not pay for: filter by what it applies to.
// Traits: rows (yibao.non_payable_items()), facets, choices, applies_to.
import { filteredTable, mount, segmented, sourcesCell } from "./common.js";

export default {
  render({ model, el }) {
    const cells = (item, lang) => [item[`item_${lang}`], item[`applies_to_${lang}`], item[`basis_${lang}`], item[`exception_${lang}`], sourcesCell(model, item)];
    const draw = () => filteredTable(model, { name: "applies_to", control: segmented, headers: ["item", "applies_to", "np_status", "exception", "sources"], cells });
    return mount(model, el, draw, ["applies_to"], { reuse: true });
  },
};
