// Helpers shared by yibao's browser explainers (anywidget front ends).
//
// Each explainer imports what it uses; esbuild bundles it into one module (yibao/widgets/bundle.py).
// Data reaches the page only as text nodes and attribute values: no string is ever parsed as markup.

import { pageChoice, readAddress, writeAddress } from "./address.js";

/** localStorage key of the page language, shared with the Voila template and the static pages. */
const LANG_KEY = "yibao-lang";
/** window event announcing a language change (detail: "zh" | "en"): every explainer follows at once. */
const LANG_EVENT = "yibao-lang";

/** localStorage key of the text size ("large": 长辈版), kept across pages like the language. */
const SIZE_KEY = "yibao-size";
/** The class of the page's root element in large-text mode (browser.css). */
const LARGE_CLASS = "yibao-large";

function storedLanguage() {
  try {
    const lang = localStorage.getItem(LANG_KEY);
    return lang === "zh" || lang === "en" ? lang : null;
  } catch {
    return null; // storage blocked: the page keeps the language it was built with
  }
}

export function announceLanguage(lang) {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // storage blocked: this page still follows the event
  }
  window.dispatchEvent(new CustomEvent(LANG_EVENT, { detail: lang }));
}

/** The text size the page is shown in: the address's (`?size=large`, then kept), else the stored one. */
export function pageSize() {
  const asked = pageChoice(window.location.search, "size", ["large", "normal"]);
  try {
    if (asked) localStorage.setItem(SIZE_KEY, asked);
    return asked || (localStorage.getItem(SIZE_KEY) === "large" ? "large" : "normal");
  } catch {
    return asked || "normal"; // storage blocked: this page still follows the address
  }
}

/** Show the page in `size` ("large" or "normal") and keep it for the next page. */
export function chooseSize(size) {
  try {
    localStorage.setItem(SIZE_KEY, size);
  } catch {
    // storage blocked: this page still changes
  }
  document.documentElement.classList.toggle(LARGE_CLASS, size === "large");
}

/** While the page prints, the folded details in `el` are open (folded again after). */
export function unfoldWhenPrinted(el) {
  const folded = [];
  window.addEventListener("beforeprint", () => {
    for (const details of el.querySelectorAll("details:not([open])")) {
      details.open = true;
      folded.push(details);
    }
  });
  window.addEventListener("afterprint", () => {
    for (const details of folded.splice(0)) details.open = false;
  });
}

/** Printing the page prints this explainer's answer (reading.css), its folded details open. */
export function printable(el) {
  el.classList.add("yibao-printable");
  unfoldWhenPrinted(el);
}

/** Run `task` when the page is idle (soon, where the browser cannot say). */
function whenIdle(task) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(task, { timeout: 1000 });
  else setTimeout(task, 200);
}

/**
 * Set a trait from the page; with a kernel, Python's mirror of it follows. Saved at once: ipywidgets
 * applies the kernel's echo of an earlier save, which would undo a change made but not yet saved.
 */
export function choose(model, name, value) {
  model.set(name, value);
  model.save_changes();
}

/**
 * The page reports what it drew: the read-only trait `shown` (the ids of the rules shown, the amount
 * answered, the error in both languages), sent only when it changed, and the same JSON on the
 * explainer's element (`data-shown`), where the browser tests read it.
 * @param {{ set: (name: string, value: any) => void, save_changes: () => void }} model
 * @param {HTMLElement} el
 * @param {Record<string, any>} shown
 */
export function reportShown(model, el, shown) {
  const text = JSON.stringify(shown);
  if (el.dataset.shown === text) return;
  el.dataset.shown = text;
  model.set("shown", shown);
  model.save_changes();
}

function appendAll(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false || child === "") continue;
    if (Array.isArray(child)) appendAll(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** A listener kept in `el.__on` behind one dispatcher per event type, so that `patchNode` can swap it. */
function listen(el, type, handler) {
  if (!el.__on) el.__on = {};
  if (!(type in el.__on)) el.addEventListener(type, (event) => el.__on[type] && el.__on[type](event));
  el.__on[type] = handler;
}

/** An element: attributes via setAttribute, `on…` as listeners, children (nested lists too) as elements or text. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const key in attrs) {
    const value = attrs[key];
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) listen(el, key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  appendAll(el, children);
  return el;
}

/** The language being drawn while the page prepares the other one ahead of a switch (see mount). */
let drawingLang = null;

/** The language to draw in: the explainer's, or the other one while it is prepared ahead of a switch. */
export function shownLang(model) {
  return drawingLang || model.get("lang");
}

/** The UI string `key` in the explainer's language (the `text` trait holds both). */
export function say(model, key) {
  return model.get("text")[key][shownLang(model)];
}

/** Items joined the way each language lists them (顿号 in Chinese). */
export function listing(items, lang) {
  return items.join(lang === "zh" ? "、" : ", ");
}

function webLink(url) {
  return typeof url === "string" && /^https?:\/\//.test(url) ? url : null;
}

/** Citations as people read them (publisher · date · document number), linked, full title on hover. */
export function sources(citations, lang) {
  return h(
    "span",
    { class: "yibao-sources" },
    citations.map((c, i) => [
      i ? "; " : "",
      webLink(c.url)
        ? h("a", { href: c.url, title: c.title, target: "_blank", rel: "noopener noreferrer" }, c[`label_${lang}`])
        : h("span", { title: c.title }, c[`label_${lang}`]),
    ]),
  );
}

export function badge(model, level) {
  return h("span", { class: `yibao-conf yibao-conf-${level}`, title: say(model, "confidence") }, say(model, `conf_${level}`));
}

/** Sources and confidence of one record, as one cell. */
/** "Report an error": the prefilled correction form for the record's row (shown beside its sources). */
export function reportLink(model, record) {
  return webLink(record.report_url)
    ? h("a", { class: "yibao-report", href: record.report_url, target: "_blank", rel: "noopener noreferrer" }, say(model, "report_error"))
    : "";
}

export function sourcesCell(model, record) {
  return [sources(record.sources, shownLang(model)), badge(model, record.confidence), reportLink(model, record)];
}

export function bulletList(model, items) {
  return items.length ? h("ul", {}, items.map((item) => h("li", {}, item))) : h("p", { class: "yibao-empty" }, say(model, "none_listed"));
}

/** A table; on a phone each row becomes a card labelled cell by cell (data-label). rows: [{id, cells}]. */
export function table(headers, rows) {
  return h(
    "table",
    { class: "yibao-table" },
    h("thead", {}, h("tr", {}, headers.map((header) => h("th", {}, header)))),
    h(
      "tbody",
      {},
      rows.map((row) => h("tr", { "data-id": row.id }, row.cells.map((cell, i) => h("td", { "data-label": headers[i] }, cell)))),
    ),
  );
}

/**
 * A long table folded by section: one <details> per section, the first open (a phone shows the
 * sections' names at a glance; Enter or Space opens one). sections: [{id, title, count, content}],
 * `label` names what the sections are; the explainer calls unfoldWhenPrinted(el) so that paper shows them all.
 */
export function foldedSections(sections, label = null) {
  return h(
    "div",
    { class: "yibao-sections", role: label ? "group" : null, "aria-label": label },
    sections.map((section, i) =>
      h(
        "details",
        { class: "yibao-section", "data-section": section.id, open: i === 0 },
        h("summary", { "data-focus": `section:${section.id}` }, section.title, section.count === undefined ? "" : h("span", { class: "yibao-section-count" }, ` (${section.count})`)),
        section.content,
      ),
    ),
  );
}

export function tableOrEmpty(model, headers, rows) {
  return rows.length ? table(headers, rows) : h("p", { class: "yibao-empty" }, say(model, "no_rows"));
}

/** A labelled control; every control's element has the class `yibao-choice-<name>`. */
export function field(name, label, control) {
  // a lone input or list is named by its label (a screen reader reads it; axe asks for it)
  if (control instanceof Element && control.matches("input, select, textarea") && !control.hasAttribute("aria-label")) control.setAttribute("aria-label", label);
  return h("div", { class: "yibao-field" }, h("span", { class: "yibao-label" }, label), control);
}

/** One choice as a row of toggle buttons. options: [{value, label}]. */
export function segmented(name, label, options, current, pick) {
  const buttons = options.map((o) =>
    h(
      "button",
      { type: "button", "data-value": o.value, "data-focus": `${name}:${o.value}`, "aria-pressed": String(o.value === current), onclick: () => pick(o.value) },
      o.label,
    ),
  );
  return field(name, label, h("div", { class: `yibao-seg yibao-choice-${name}`, role: "group", "aria-label": label }, buttons));
}

/** Several choices as toggle chips; `chosen` is the list of values that are on. */
export function chips(name, label, options, chosen, pick) {
  const toggled = (value) => (chosen.includes(value) ? chosen.filter((v) => v !== value) : options.map((o) => o.value).filter((v) => v === value || chosen.includes(v)));
  const buttons = options.map((o) =>
    h(
      "button",
      { type: "button", class: "yibao-chip", "data-value": o.value, "data-focus": `${name}:${o.value}`, "aria-pressed": String(chosen.includes(o.value)), onclick: () => pick(toggled(o.value)) },
      o.label,
    ),
  );
  return field(name, label, h("div", { class: `yibao-chips yibao-choice-${name}`, role: "group", "aria-label": label }, buttons));
}

/** One choice from a drop-down list. options: [{value, label, group?}]. */
export function dropdown(name, label, options, current, pick) {
  const select = h(
    "select",
    { class: `yibao-choice-${name}`, "data-focus": name, "aria-label": label, onchange: (event) => pick(event.target.value) },
    grouped(options.map((o) => [o.group, h("option", { value: o.value, selected: o.value === current }, o.label)])),
  );
  return field(name, label, select);
}

/** Each run of options of one `group` inside an <optgroup> of that label; an option without a group stands alone. */
function grouped(options) {
  const nodes = [];
  let open = null;
  for (const [group, option] of options) {
    if (!group) {
      open = null;
      nodes.push(option);
      continue;
    }
    if (open?.label !== group) nodes.push((open = h("optgroup", { label: group })));
    open.append(option);
  }
  return nodes;
}

/** Places for a dropdown, in the order and the province groups Python gave them (`region_picker`). */
export function placeOptions(places, lang, label = (place) => place[`name_${lang}`]) {
  return places.map((place) => ({ value: place.id, label: label(place), group: place[`group_${lang}`] }));
}

/** One choice from a list of radio buttons (labels may wrap). */
export function radios(name, label, options, current, pick) {
  const group = `${name}-${Math.random().toString(36).slice(2)}`;
  return h(
    "fieldset",
    { class: `yibao-radio yibao-choice-${name}` },
    h("legend", { class: "yibao-label" }, label),
    options.map((o) =>
      h(
        "label",
        {},
        h("input", { type: "radio", name: group, value: o.value, checked: o.value === current, "data-focus": `${name}:${o.value}`, onchange: () => pick(o.value) }),
        h("span", {}, o.label),
      ),
    ),
  );
}

/**
 * The rows every chosen facet keeps, in their order. facets[name][value] lists the ids that value
 * keeps (computed in Python with the domain's own filters); a list of values keeps what all of them keep.
 */
export function selectRows(rows, facets, chosen) {
  const sets = Object.entries(chosen).flatMap(([name, value]) => [].concat(value).map((v) => new Set(facets[name][v])));
  return rows.filter((row) => sets.every((kept) => kept.has(row.id)));
}

/** Make `old` (in the page) show what `fresh` (just drawn) shows, keeping its nodes; false when it cannot. */
function patchNode(old, fresh) {
  if (old.nodeType !== fresh.nodeType || old.nodeName !== fresh.nodeName) return false;
  if (old.nodeType !== Node.ELEMENT_NODE) {
    if (old.nodeValue !== fresh.nodeValue) old.nodeValue = fresh.nodeValue;
    return true;
  }
  for (const { name } of [...old.attributes]) if (!fresh.hasAttribute(name)) old.removeAttribute(name);
  for (const { name, value } of fresh.attributes) if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  for (const type in old.__on || {}) old.__on[type] = null;
  for (const type in fresh.__on || {}) listen(old, type, fresh.__on[type]);
  const present = [...old.childNodes];
  [...fresh.childNodes].forEach((node, i) => {
    if (i >= present.length) old.appendChild(node);
    else if (!patchNode(present[i], node)) old.replaceChild(node, present[i]);
  });
  for (const node of present.slice(fresh.childNodes.length)) node.remove();
  // what a visitor changed lives in properties, not attributes: show what was drawn
  if (old.nodeName === "INPUT") {
    if (old.checked !== fresh.checked) old.checked = fresh.checked;
    if (old.value !== fresh.value) old.value = fresh.value;
  } else if (old.nodeName === "SELECT" && old.selectedIndex !== fresh.selectedIndex) {
    old.selectedIndex = fresh.selectedIndex;
  }
  return true;
}

const HEADINGS = "h1, h2, h3, h4, h5, h6";

/**
 * The level of the page's heading an explainer sits under (1 when none): its own headings, whatever
 * their tags, are read as the levels below it (aria-level), so the page's outline has no gap wherever it is shown.
 */
function pageLevel(el) {
  let level = 1;
  for (const heading of document.querySelectorAll(HEADINGS)) {
    if (heading.closest(".yibao-explainer") || !(heading.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
    level = Number(heading.tagName[1]);
  }
  return level;
}

/** Set the aria-level of `el`'s headings to follow `under`, the level of the page's heading above it. */
function nestHeadings(el, under) {
  const headings = [...el.querySelectorAll(HEADINGS)];
  const top = Math.min(...headings.map((heading) => Number(heading.tagName[1]))); // the explainer's own first level
  for (const heading of headings) heading.setAttribute("aria-level", String(Math.min(6, under + 1 + Number(heading.tagName[1]) - top)));
}

const isControls = (node) => node instanceof Element && node.classList.contains("yibao-controls");

/**
 * Draw into `el` now and whenever `traits` or the language change; the language follows the page
 * (stored choice and announcements). Focus stays on the control the visitor used. Returns the cleanup
 * (its `redraw` draws again on demand).
 *
 * `patch: true` (for a `draw` that keeps no reference to the nodes it returns): on a new choice, the
 * blocks of controls (`.yibao-controls`, small) are patched in place: the control the visitor is using
 * stays (focus, the cursor in a date being typed, Tab goes on to the next control, no re-layout
 * forced by focusing it again) and only what it controls is drawn afresh.
 *
 * `reuse: true` (implies `patch`; for a `draw` that depends on nothing but `traits`, the language and
 * traits that never change once the page is drawn): what was drawn in each language for the current
 * choice (the values of `traits`) is kept, so switching the language back and forth puts those nodes
 * back instead of building them again.
 *
 * The text of the elements drawn with `data-announce` (a computed answer) is read out when a change
 * alters it (a live region, the explainer's last child).
 */
/** Keys typed into a control belong to it: JupyterLab's notebook shortcuts would otherwise take them (arrows on a slider). */
function keepKeys(event) {
  if (event.target instanceof Element && event.target.matches("input, select, textarea")) event.stopPropagation();
}

export function mount(model, el, draw, traits, { reuse = false, patch = reuse } = {}) {
  el.classList.add("yibao-explainer", "yibao-browser");
  el.addEventListener("keydown", keepKeys);
  document.documentElement.classList.toggle(LARGE_CLASS, pageSize() === "large");
  // What a choice computed (the elements drawn with `data-announce`) is read out once it changes.
  const live = h("p", { class: "yibao-live", role: "status", "aria-live": "polite" });
  const specs = model.get("address") || {};
  const asked = readAddress(specs, window.location.search);
  // a value in the address that is not allowed: said above the explainer, never an error
  const note = asked.ignored.length ? h("p", { class: "yibao-message yibao-address-note", role: "status" }) : null;
  const drawn = new Map(); // language -> nodes, for the choice `drawnFor`
  let drawnFor = null;
  const fresh = () => [].concat(draw()).filter(Boolean);
  const put = (nodes) => el.replaceChildren(...(note ? [note] : []), ...nodes, live);
  const place = (nodes) => {
    const present = [...el.childNodes].filter((node) => node !== live && node !== note);
    nodes.forEach((node, i) => {
      const old = present[i];
      if (old && isControls(old) && isControls(node) && patchNode(old, node)) nodes[i] = old; // the page keeps it
      else if (old) el.replaceChild(node, old);
      else el.insertBefore(node, live.parentNode === el ? live : null);
    });
    for (const node of present.slice(nodes.length)) node.remove();
    if (el.lastChild !== live) el.appendChild(live);
    if (note && el.firstChild !== note) el.prepend(note);
  };
  const choiceNow = () => JSON.stringify(traits.map((name) => model.get(name)));
  const show = () => {
    if (!reuse) return patch ? place(fresh()) : put(fresh());
    const choice = choiceNow();
    const lang = model.get("lang");
    if (choice === drawnFor && drawn.has(lang)) return put(drawn.get(lang));
    const nodes = fresh();
    if (choice !== drawnFor && drawnFor !== null) {
      drawn.clear(); // the other language is drawn again when asked for
      place(nodes);
    } else {
      put(nodes); // a language not drawn yet: its own nodes, never shared with another
    }
    drawnFor = choice;
    drawn.set(lang, nodes);
    whenIdle(prepareOther);
  };
  // The other language, drawn while the page is idle: the first switch only puts its nodes in place.
  const prepareOther = () => {
    const other = model.get("lang") === "zh" ? "en" : "zh";
    if (drawnFor !== choiceNow() || drawn.has(other)) return;
    drawingLang = other;
    try {
      drawn.set(other, fresh());
    } finally {
      drawingLang = null;
    }
  };
  const announced = () => [...el.querySelectorAll("[data-announce]")].map((node) => node.textContent.trim()).join(" ");
  let said = null;
  let saidIn = null; // the language `said` is in
  let under = null; // the page's heading level above the explainer: read once it is on the page, not at every redraw
  const redraw = () => {
    const active = el.contains(document.activeElement) ? document.activeElement.getAttribute("data-focus") : null;
    show();
    if (under === null && el.isConnected) under = pageLevel(el);
    nestHeadings(el, under ?? 1);
    if (note) note.textContent = say(model, "address_ignored").replace("{items}", () => listing(asked.ignored.map(([name, raw]) => `${name}=${raw}`), model.get("lang")));
    const now = announced();
    const lang = model.get("lang");
    // read out what a choice changed: not on the first drawing (nothing was asked yet), not on a language switch
    if (saidIn !== lang) live.textContent = "";
    else if (said !== null && now !== said) live.textContent = now;
    said = now;
    saidIn = lang;
    if (!active || el.contains(document.activeElement)) return;
    const again = [...el.querySelectorAll("[data-focus]")].find((node) => node.getAttribute("data-focus") === active);
    if (again) again.focus({ preventScroll: true }); // the control was in view: no scrolling
  };
  const events = ["lang", ...traits].map((name) => `change:${name}`).join(" ");
  const follow = (event) => {
    if (event.detail !== model.get("lang")) choose(model, "lang", event.detail);
  };
  const addressed = pageChoice(window.location.search, "lang", ["zh", "en"]);
  if (addressed && addressed !== storedLanguage()) announceLanguage(addressed); // the page's title follows; kept for the next page
  const stored = storedLanguage() || addressed;
  if (stored && stored !== model.get("lang")) choose(model, "lang", stored);
  for (const [trait, value] of Object.entries(asked.values)) if (model.get(trait) !== value) choose(model, trait, value);
  // the choices go into the address as they change (not in JupyterLab, whose address names the notebook)
  const keep = () => {
    if (!document.querySelector(".jp-LabShell")) history.replaceState(history.state, "", writeAddress(specs, (trait) => model.get(trait), window.location.href));
  };
  const kept = Object.values(specs).map((spec) => `change:${spec.trait}`).join(" ");
  model.on(events, redraw);
  if (kept) model.on(kept, keep);
  window.addEventListener(LANG_EVENT, follow);
  redraw();
  if (Object.keys(asked.values).length) bringIntoView(el);
  const cleanup = () => {
    model.off(events, redraw);
    if (kept) model.off(kept, keep);
    window.removeEventListener(LANG_EVENT, follow);
  };
  cleanup.redraw = redraw; // for what the page keeps outside the traits (a message, a form being filled in)
  return cleanup;
}

/**
 * A shared link's answer is in view when the page opens: the first explainer whose choices the address
 * sets is scrolled to the top of the window (no focus moves; the ones above are drawn, in page order),
 * once the page is read: an explainer drawn while the rest of the page is still arriving (the app's
 * pages) could not be scrolled to the top of a page that ends just below it.
 */
function bringIntoView(el) {
  if (document.querySelector(".yibao-addressed")) return;
  el.classList.add("yibao-addressed");
  const scroll = () => requestAnimationFrame(() => el.scrollIntoView({ block: "start" }));
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", scroll, { once: true });
  else scroll();
}

/**
 * One choice over one table (traits rows, facets, choices and the choice trait `name`): `control`
 * draws the choice (segmented or dropdown), `headers` are UI-string keys, `cells(record, lang)` a row's cells.
 * With `section(record, lang)` ({id, title}) the table is folded by section (foldedSections), in the rows' order.
 */
export function filteredTable(model, { name, control, headers, cells, section = null }) {
  const lang = shownLang(model);
  const options = model.get("choices").map((c) => ({ value: c.value, label: c[`label_${lang}`] }));
  const rows = selectRows(model.get("rows"), model.get("facets"), { [name]: model.get(name) });
  const labels = headers.map((key) => say(model, key));
  const tableOf = (records) => tableOrEmpty(model, labels, records.map((record) => ({ id: record.id, cells: cells(record, lang) })));
  const controls = h("div", { class: "yibao-controls" }, control(name, say(model, name), options, model.get(name), (value) => choose(model, name, value)));
  if (!section || !rows.length) return [controls, tableOf(rows)];
  const sections = new Map();
  for (const record of rows) {
    const { id, title } = section(record, lang);
    if (!sections.has(id)) sections.set(id, { id, title, records: [] });
    sections.get(id).records.push(record);
  }
  return [controls, foldedSections([...sections.values()].map(({ id, title, records }) => ({ id, title, count: records.length, content: tableOf(records) })))];
}

/**
 * Choose a status on a credit explainer: "retiree" also moves an age younger than a retiree's to
 * where the slider starts for retirees (the `retiree_ages` trait, from Python).
 */
export function chooseStatus(model, status) {
  const ages = model.get("retiree_ages");
  if (status === "retiree" && ages && model.get("age") < ages.min) choose(model, "age", ages.start);
  choose(model, "status", status);
}

/** The age slider's lowest age: a retiree's for retirees. */
export function lowestAge(model, min) {
  const ages = model.get("retiree_ages");
  return model.get("status") === "retiree" && ages ? ages.min : min;
}

/** Whether this page is JupyterLab (not Voila, not the static site): its page config names the app. */
export function inJupyterLab() {
  const config = document.getElementById("jupyter-config-data");
  try {
    return !!config && JSON.parse(config.textContent || "{}").appName === "JupyterLab";
  } catch {
    return false;
  }
}

/**
 * A link to one of the project's pages (an id of yibao.tables.PAGES): the static site's `.html` page
 * when this page is one, else the notebook, opened in the same tab (Voila). In JupyterLab following
 * it would reload Lab and lose the reader's outputs: a click opens the notebook in a new Lab tab
 * (Lab's command linker runs `docmanager:open` for an element that names it), and the link itself
 * opens a new browser tab (middle click, or where the notebook's folder is not in the address).
 */
export function pageLink(page, label) {
  const suffix = /\.html?$/.test(window.location.pathname) ? ".html" : ".ipynb";
  const link = h("a", { href: `${page}${suffix}`, class: "yibao-page-link", "data-page": page }, label);
  if (suffix === ".ipynb" && inJupyterLab()) {
    link.setAttribute("target", "_blank");
    link.setAttribute("rel", "noopener");
    link.addEventListener("click", () => {
      const open = decodeURIComponent(window.location.pathname).split("/lab/tree/")[1];
      if (!open) return;
      const folder = open.slice(0, open.lastIndexOf("/") + 1);
      link.setAttribute("data-commandlinker-command", "docmanager:open");
      link.setAttribute("data-commandlinker-args", JSON.stringify({ path: `${folder}${page}.ipynb` }));
    });
  }
  return link;
}
