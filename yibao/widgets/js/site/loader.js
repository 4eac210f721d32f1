// The static site's front end: each explainer's module mounted from the widget state saved in the
// page, on a model without a kernel (model.js), with the render({model, el}) contract that
// JupyterLab and Voila use through anywidget. No widget manager, no RequireJS.
//
// The page lists its widgets as <script type="application/vnd.jupyter.widget-view+json"> where each
// is drawn, and their state in one <script type="application/vnd.jupyter.widget-state+json">,
// where `_esm` names the explainer. Values shared by pages come from the site's data scripts
// (self.yibaoData), deferred after this one: each explainer is drawn as soon as its data is there.
import { EXPLAINERS } from "./explainers.js";
import { siteModel, withData } from "./model.js";

export { EXPLAINERS };

const VIEW = 'script[type="application/vnd.jupyter.widget-view+json"]';
const STATE = 'script[type="application/vnd.jupyter.widget-state+json"]';

/** @param {Element} script @param {Record<string, any>} state @param {Record<string, unknown>} data */
function mountOne(script, state, data) {
  const saved = state[JSON.parse(script.textContent).model_id];
  const module = saved && EXPLAINERS[saved.state._esm];
  if (!module) return;
  const el = document.createElement("div");
  script.replaceWith(el);
  const widget = module.default;
  widget.render({ model: siteModel(withData(saved.state, data)), el });
}

/** The widgets of the page in order, their saved state, and how many are drawn. */
const page = { views: /** @type {Element[]} */ ([]), state: /** @type {Record<string, any>} */ ({}), drawn: 0, busy: false };

/**
 * Draw the explainers in page order as far as their data has arrived, the page free to paint and
 * answer between two. The front end runs before the data scripts: an explainer without shared
 * data (the language switch) is usable at once, and each data script calls this again.
 */
async function mountReady() {
  if (page.busy) return;
  page.busy = true;
  const data = (/** @type {any} */ (self).yibaoData ||= {});
  while (page.drawn < page.views.length) {
    const script = page.views[page.drawn];
    const saved = page.state[JSON.parse(script.textContent).model_id];
    if (saved && missing(saved.state, data)) break;
    page.drawn += 1;
    try {
      mountOne(script, page.state, data);
    } catch (error) {
      console.error("yibao: an explainer could not be drawn", error);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  page.busy = false;
}

/** True while a shared value of `traits` has not arrived. @param {Record<string, any>} traits @param {Record<string, unknown>} data */
function missing(traits, data) {
  return Object.values(traits).some((value) => typeof value?.$data === "string" && !(value.$data in data));
}

const stateScript = document.querySelector(STATE);
if (stateScript) {
  page.state = JSON.parse(stateScript.textContent).state;
  page.views = [...document.querySelectorAll(VIEW)];
  /** @type {any} */ (self).yibaoMount = mountReady;
  mountReady();
}
