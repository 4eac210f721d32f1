// Ways to check a balance: filter by online/offline, what a channel shows, what you lack (chips)
// and region; pick a channel to read its steps. Traits: channels, facets, options (from Python),
// mode, shows, avoid, region, channel (the visitor's choice).
import { chips, choose, dropdown, h, listing, mount, say, segmented, selectRows, shownLang, sources, sourcesCell, tableOrEmpty } from "./common.js";

function channelRow(model, row) {
  const lang = shownLang(model);
  const name = [h("b", {}, row[`name_${lang}`])];
  if (row.status !== "current") name.push(" ", h("span", { class: `yibao-status-${row.status}` }, row[`status_${lang}`]));
  if (row.region !== "national") name.push(h("div", {}, `(${row[`region_${lang}`]})`));
  return {
    id: row.id,
    cells: [
      name,
      row[`mode_${lang}`],
      listing(row[`shows_${lang}`], lang),
      listing(row[`needs_${lang}`], lang) || "—",
      row[`caveats_${lang}`],
      sourcesCell(model, row),
    ],
  };
}

function steps(model, row) {
  if (!row) return null;
  const lang = shownLang(model);
  return h(
    "div",
    { class: "yibao-channel-steps" },
    h("h4", {}, `${say(model, "steps")}: ${row[`name_${lang}`]}`),
    h("ol", {}, row[`steps_${lang}`].map((step) => h("li", {}, step))),
    row[`caveats_${lang}`] ? h("p", { class: `yibao-status-${row.status}` }, row[`caveats_${lang}`]) : null,
    sources(row.sources, lang),
  );
}

function draw(model) {
  const lang = shownLang(model);
  const options = model.get("options");
  const t = (key) => say(model, key);
  const set = (name) => (value) => choose(model, name, value);
  const rows = selectRows(model.get("channels"), model.get("facets"), {
    mode: model.get("mode"),
    shows: model.get("shows"),
    region: model.get("region"),
    avoid: model.get("avoid"),
  });
  const picked = rows.find((row) => row.id === model.get("channel"));
  const headers = ["channel", "mode", "shows", "needs", "caveats", "sources"].map(t);
  return [
    h(
      "div",
      { class: "yibao-controls" },
      segmented("mode", t("mode"), ["all", ...options.modes].map((m) => ({ value: m, label: t(m === "all" ? "all" : `mode_${m}`) })), model.get("mode"), set("mode")),
      dropdown("shows", t("shows"), ["all", ...options.shows].map((s) => ({ value: s, label: t(s === "all" ? "none_selected" : `shows_${s}`) })), model.get("shows"), set("shows")),
      dropdown("region", t("region"), [{ value: "all", label: t("none_selected") }, ...options.regions.map((r) => ({ value: r.id, label: r[`name_${lang}`] }))], model.get("region"), set("region")),
      chips("avoid", t("avoid_needs"), options.needs.map((n) => ({ value: n, label: t(`needs_${n}`) })), model.get("avoid"), set("avoid")),
    ),
    h("div", { class: "yibao-channel-table" }, tableOrEmpty(model, headers, rows.map((row) => channelRow(model, row)))),
    h(
      "div",
      { class: "yibao-controls" },
      dropdown("channel", t("pick_channel"), [{ value: "", label: "—" }, ...rows.map((row) => ({ value: row.id, label: row[`name_${lang}`] }))], picked ? picked.id : "", set("channel")),
    ),
    steps(model, picked),
  ];
}

export default {
  render({ model, el }) {
    return mount(model, el, () => draw(model), ["mode", "shows", "avoid", "region", "channel"], { reuse: true });
  },
};
