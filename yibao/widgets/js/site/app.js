// The app's front end (Voila pages): each explainer drawn where its output is, from the state the
// output carried (<script type="application/vnd.yibao.explainer+json">: module, model_id, state;
// yibao/widgets/browser.py), on a model whose changes reach the page's kernel over the kernel's
// websocket (kernelModel): no widget manager, no JupyterLab. A classic script in the page's head:
// the template calls yibaoMount() after each explainer, which is usable as soon as it is read;
// Python's traits follow the visitor's choices once the socket is open (what was chosen before is
// sent then). Voila's own front end is loaded by the template only for a page that shows something
// else (another widget), and draws that when it is ready.
import BROWSER_CSS from "./../browser.css";
import READING_CSS from "./../reading.css";
import STYLE_CSS from "./../../style.css";
import { EXPLAINERS } from "./explainers.js";
import { kernelModel } from "./model.js";

const STATE = 'script[type="application/vnd.yibao.explainer+json"]';

/** A random id (the kernel's message ids and the session): no crypto.randomUUID on a plain-http address. */
function randomId() {
  return [...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16)).join("");
}

/**
 * The page's kernel: comm messages sent on its websocket (queued while it is not open), the
 * kernel's comm messages handed to the model of that comm. Jupyter's JSON websocket protocol. A
 * socket that closes is opened again (after 1, 2, 4, 8, 16 s; a kernel that is gone is left alone).
 * @param {{ baseUrl: string, kernelId: string }} config
 */
function connect(config) {
  const session = randomId();
  const address = new URL(`${config.baseUrl}api/kernels/${config.kernelId}/channels?session_id=${session}`, window.location.href);
  address.protocol = address.protocol === "https:" ? "wss:" : "ws:";
  /** @type {Map<string, ReturnType<typeof kernelModel>>} */
  const models = new Map();
  /** @type {string[]} */
  const waiting = [];
  let retries = 0;
  /** @type {WebSocket} */
  let socket;
  const open = () => {
    socket = new WebSocket(address);
    socket.addEventListener("open", () => {
      retries = 0;
      for (const message of waiting.splice(0)) socket.send(message);
    });
    socket.addEventListener("message", (event) => {
      if (typeof event.data !== "string") return; // a message with binary buffers: none of the explainers' traits has one
      const message = JSON.parse(event.data);
      if (message.channel === "iopub" && message.header?.msg_type === "comm_msg") models.get(message.content.comm_id)?.receive(message.content.data);
    });
    socket.addEventListener("close", () => {
      if (retries < 5) setTimeout(open, 1000 * 2 ** retries++);
    });
  };
  open();
  return {
    models,
    /** @param {string} comm @param {Record<string, unknown>} data */
    send(comm, data) {
      const header = { msg_id: randomId(), username: "", session, date: new Date().toISOString(), msg_type: "comm_msg", version: "5.3" };
      const message = JSON.stringify({ header, parent_header: {}, metadata: {}, content: { comm_id: comm, data }, channel: "shell", buffers: [] });
      if (socket.readyState === WebSocket.OPEN) socket.send(message);
      else waiting.push(message);
    },
  };
}

/** The page's kernel, once an explainer is drawn. @type {ReturnType<typeof connect> | null} */
let kernel = null;

/**
 * Draw each explainer the page has read so far and that is not drawn yet, in page order; show the
 * cells (Voila's spinner gone) with the first. The template calls this after each explainer's state,
 * so the first is usable while the rest of the page is still being read; again once it is read.
 */
function mount() {
  const scripts = document.querySelectorAll(STATE);
  const config = document.getElementById("jupyter-config-data");
  if (!scripts.length || !config) return;
  if (kernel === null) {
    const style = document.createElement("style");
    style.textContent = STYLE_CSS + BROWSER_CSS + READING_CSS; // what anywidget adds from the explainers' `_css`
    document.head.appendChild(style);
    kernel = connect(JSON.parse(config.textContent));
  }
  for (const script of scripts) {
    try {
      const { module, model_id: comm, state } = JSON.parse(script.textContent);
      // an explainer shown twice is one model with two views, as in a widget manager
      const model = kernel.models.get(comm) ?? kernelModel(state, (data) => kernel.send(comm, data));
      kernel.models.set(comm, model);
      const el = document.createElement("div");
      script.replaceWith(el);
      EXPLAINERS[module].default.render({ model, el });
    } catch (error) {
      script.remove();
      console.error("yibao: an explainer could not be drawn", error);
    }
  }
  document.getElementById("loading")?.remove();
  const cells = document.getElementById("rendered_cells");
  if (cells) cells.style.display = "";
}

/** @type {any} */ (window).yibaoMount = mount;
document.addEventListener("DOMContentLoaded", mount);
