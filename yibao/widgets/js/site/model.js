// The smallest model an explainer needs where there is no kernel (the static site): the part of
// anywidget's model that the explainers use (get, set, on, off, save_changes), on plain values.
// No DOM: node imports it (tests/js).

/**
 * @typedef {(model: SiteModel, value: unknown) => void} Listener
 * @typedef {{
 *   get(name: string): any,
 *   set(name: string, value: unknown): void,
 *   on(events: string, listener: Listener): void,
 *   off(events: string, listener: Listener): void,
 *   save_changes(): void,
 *   send(): void,
 * }} SiteModel
 */

/**
 * A model over `values` (copied). `set` tells the listeners of "change:<name>" at once, as
 * Backbone does under anywidget; `save_changes` has no kernel to tell.
 * @param {Record<string, unknown>} values
 * @returns {SiteModel}
 */
export function siteModel(values) {
  const traits = { ...values };
  /** @type {Map<string, Set<Listener>>} */
  const listeners = new Map();
  /** @param {string} events */
  const names = (events) => events.split(/\s+/u).filter(Boolean);
  /** @type {SiteModel} */
  const model = {
    get: (name) => traits[name],
    set(name, value) {
      if (Object.is(traits[name], value)) return;
      traits[name] = value;
      for (const listener of [...(listeners.get(`change:${name}`) ?? [])]) listener(model, value);
      for (const listener of [...(listeners.get("change") ?? [])]) listener(model, value);
    },
    on(events, listener) {
      for (const event of names(events)) {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event).add(listener);
      }
    },
    off(events, listener) {
      for (const event of names(events)) listeners.get(event)?.delete(listener);
    },
    save_changes() {},
    send() {},
  };
  return model;
}

/**
 * A widget's saved traits with each shared value put back: the site build moves every large value
 * into a file of its own, shared by the pages, and leaves `{"$data": "<name>"}` in its place.
 * @param {Record<string, unknown>} traits
 * @param {Record<string, unknown>} data the shared values by name
 * @returns {Record<string, unknown>}
 */
export function withData(traits, data) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [name, value] of Object.entries(traits)) {
    const ref = value !== null && typeof value === "object" && !Array.isArray(value) ? /** @type {any} */ (value).$data : undefined;
    if (typeof ref === "string") {
      if (!(ref in data)) throw new Error(`shared data ${ref} is missing (its script did not load)`);
      out[name] = data[ref];
    } else {
      out[name] = value;
    }
  }
  return out;
}

/**
 * A model over `values` (copied) whose changes reach a kernel: the app's pages (Voila), where each
 * explainer is drawn from the state its output carried, before the page's kernel is connected.
 * `save_changes` sends what was `set` since the last save (`send(data)`: an ipywidgets "update"
 * message to the model's comm). `receive(data)` applies the kernel's "update" messages (a change
 * made in Python), except to traits set here and not saved yet, to traits saved whose echo has not
 * come back yet (as ipywidgets' own manager does: the kernel echoes a save before applying it, so an
 * update between a save and its echo was made before the kernel saw that save), and except values
 * the model already has (a redraw for nothing). The kernel's "echo_update" (its copy of what this
 * page saved) is not applied: the echo of an earlier save would undo a later change.
 * @param {Record<string, unknown>} values
 * @param {(data: Record<string, unknown>) => void} send
 * @returns {SiteModel & { receive(data: any): void }}
 */
export function kernelModel(values, send) {
  const model = siteModel(values);
  const set = model.set;
  /** @type {Set<string>} */
  const unsaved = new Set();
  /** Saves sent for each trait whose echo has not come back. @type {Map<string, number>} */
  const unechoed = new Map();
  return Object.assign(model, {
    /** @param {string} name @param {unknown} value */
    set(name, value) {
      unsaved.add(name);
      set(name, value);
    },
    save_changes() {
      if (!unsaved.size) return;
      /** @type {Record<string, unknown>} */
      const state = {};
      for (const name of unsaved) {
        state[name] = model.get(name);
        unechoed.set(name, (unechoed.get(name) ?? 0) + 1);
      }
      unsaved.clear();
      send({ method: "update", state, buffer_paths: [] });
    },
    /** @param {any} data */
    receive(data) {
      if (data?.method === "echo_update") {
        for (const name of Object.keys(data.state ?? {})) {
          const waiting = (unechoed.get(name) ?? 0) - 1;
          if (waiting > 0) unechoed.set(name, waiting);
          else unechoed.delete(name);
        }
        return;
      }
      if (data?.method !== "update") return;
      for (const [name, value] of Object.entries(data.state ?? {})) {
        if (unsaved.has(name) || unechoed.has(name) || JSON.stringify(value) === JSON.stringify(model.get(name))) continue;
        set(name, value);
      }
    },
  });
}
