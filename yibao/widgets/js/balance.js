// The personal balance (carries over, never resets) against the pooled outpatient quota (resets
// each benefit year), month by month: projected in the page by credit_rules.js (on the periods
// Python compiled, as project_balances does) and drawn as SVG for the width it is shown at. Sliders redraw only the chart
// (the slider being dragged stays where it is); the language redraws everything.
// Traits: wage, spend, outpatient, months, stop_month, start_year, status, city, age, pension.
import { choose, chooseStatus, dropdown, field, h, lowestAge, mount, placeOptions, reportShown, say, segmented } from "./common.js";
import { amountBox } from "./amount.js";
import { fen, RuleProblem } from "./credit_periods.js";
import { addMonths, creditProject } from "./credit_rules.js";
import { yuanText } from "./yuan.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const CHART_TRAITS = ["wage", "spend", "outpatient", "months", "stop_month", "start_year", "status", "city", "age", "pension"];

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const key in attrs) node.setAttribute(key, String(attrs[key]));
  for (const child of children) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  return node;
}

/** About `count` round steps (1, 2, 5 × 10^k) from 0 to at least `top`. */
function niceTicks(top, count) {
  const raw = top / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let v = 0; v < top + step; v += step) ticks.push(v);
  return ticks;
}

/** The chart for `rows` (project_balances rows) at `width` CSS px: text in CSS px, never scaled. */
function balanceSvg(rows, width, stopIndex) {
  const height = Math.round(Math.min(380, Math.max(240, width * 0.6)));
  const fontPx = width < 480 ? 12 : 13;
  const tops = rows.flatMap((r) => [r.personal_balance, r.pooled_outpatient_cap ?? 0]);
  const ticks = niceTicks(Math.max(1, ...tops), height < 300 ? 4 : 5);
  const top = ticks[ticks.length - 1];
  const tickText = ticks.map((v) => yuanText(fen(v), 0));
  const left = Math.ceil(Math.max(...tickText.map((t) => t.length)) * fontPx * 0.62) + 10;
  const m = { left, right: 12, top: 10, bottom: fontPx + 14 };
  const x = (i) => m.left + (rows.length === 1 ? 0 : (i / (rows.length - 1)) * (width - m.left - m.right));
  const y = (v) => m.top + (1 - v / top) * (height - m.top - m.bottom);
  const chart = svg("svg", {
    class: "yibao-chart",
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "data-points": rows.length,
    "data-balance-end": rows[rows.length - 1].personal_balance.toFixed(2),
  });
  const text = (attrs, value) => svg("text", { class: "yibao-chart-text", "font-size": `${fontPx}px`, fill: "#57606a", ...attrs }, value);
  ticks.forEach((v, i) => {
    chart.appendChild(svg("line", { x1: m.left, x2: width - m.right, y1: y(v), y2: y(v), stroke: "#d0d7de", "stroke-width": 1 }));
    chart.appendChild(text({ x: m.left - 6, y: y(v) + fontPx * 0.35, "text-anchor": "end" }, tickText[i]));
  });
  // date labels: Januaries (and Julies on a short chart), spaced at least 5 labels' width apart
  const spacing = (width - m.left - m.right) / Math.max(1, rows.length - 1);
  const candidates = rows.map((r, i) => [r, i]).filter(([r]) => r.month.endsWith("-01-01") || (rows.length <= 24 && r.month.endsWith("-07-01")));
  const every = Math.max(1, Math.ceil((fontPx * 5) / (spacing * (rows.length <= 24 ? 6 : 12))));
  candidates
    .filter((_, k) => k % every === 0)
    .forEach(([r, i]) => chart.appendChild(text({ x: x(i), y: height - 6, "text-anchor": i === 0 ? "start" : "middle" }, rows.length <= 24 ? r.month.slice(0, 7) : r.month.slice(0, 4))));
  const balance = rows.map((r, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(r.personal_balance).toFixed(1)}`).join("");
  let quota = "";
  rows.forEach((r, i) => {
    const v = r.pooled_outpatient_remaining;
    if (v === null) return;
    const yv = y(v).toFixed(1);
    const previous = i > 0 && rows[i - 1].pooled_outpatient_remaining !== null;
    quota += previous ? `L${x(i).toFixed(1)},${yv}` : `M${x(i).toFixed(1)},${yv}`;
    if (i + 1 < rows.length) quota += `L${x(i + 1).toFixed(1)},${yv}`;
  });
  if (quota) chart.appendChild(svg("path", { class: "yibao-line-quota", d: quota, fill: "none", stroke: "#d1242f", "stroke-width": 2 }));
  chart.appendChild(svg("path", { class: "yibao-line-balance", d: balance, fill: "none", stroke: "#1f6feb", "stroke-width": 2.5 }));
  if (stopIndex !== null) {
    chart.appendChild(svg("line", { class: "yibao-stop", x1: x(stopIndex), x2: x(stopIndex), y1: m.top, y2: height - m.bottom, stroke: "#6e7781", "stroke-dasharray": "5 4" }));
  }
  return chart;
}

function legendItem(color, label, dashed) {
  return h("li", {}, h("span", { class: `yibao-swatch${dashed ? " yibao-swatch-dashed" : ""}`, style: `border-color: ${color}` }), label);
}

export default {
  render({ model, el }) {
    const rules = model.get("rules");
    const state = {};
    const sliders = model.get("sliders");
    let width = 0;
    let chartBox = null;
    let summary = null;
    let legend = null;
    let pensionBox = null; // a pension is asked of retirees only
    const inputs = {};

    const update = () => {
      if (chartBox === null) return;
      const lang = model.get("lang");
      const months = model.get("months");
      const stop = Math.min(model.get("stop_month"), months);
      for (const [name, input] of Object.entries(inputs)) {
        if (name === "stop_month") input.slider.max = String(months);
        const value = name === "stop_month" ? stop : model.get(name);
        if (Number(input.slider.value) !== value) input.slider.value = String(value);
        input.output.textContent = String(value);
      }
      pensionBox.hidden = model.get("status") !== "retiree";
      const year = model.get("start_year");
      const stopDate = stop === 0 ? null : addMonths(`${year}-01-01`, stop - 1);
      let rows;
      try {
        rows = creditProject(rules, `${year}-01-01`, months, {
          wage: model.get("wage"),
          status: model.get("status"),
          city: model.get("city"),
          spend: model.get("spend"),
          outpatient: model.get("outpatient"),
          stop: stopDate,
          pension: model.get("pension"),
          age: model.get("age"),
        });
      } catch (problem) {
        if (!(problem instanceof RuleProblem)) throw problem;
        reportShown(model, el, { credits: [], balance_end: null, error: { zh: problem.zh, en: problem.en } });
        chartBox.replaceChildren(h("p", { class: "yibao-message yibao-chart-problem" }, problem[lang]));
        summary.replaceChildren();
        legend.replaceChildren();
        return;
      }
      chartBox.replaceChildren(balanceSvg(rows, Math.max(240, width || el.clientWidth || 346), stop === 0 ? null : stop - 1));
      const last = rows[rows.length - 1];
      reportShown(model, el, { credits: rows.map((r) => r.credit), balance_end: last.personal_balance, error: null });
      const remaining = last.pooled_outpatient_remaining;
      summary.textContent = `${say(model, "chart_balance")}: ¥${yuanText(fen(last.personal_balance), 0)} · ${say(model, "chart_quota")}: ${remaining === null ? "—" : `¥${yuanText(fen(remaining), 0)}`}`;
      chartBox.firstChild.setAttribute("aria-label", `${say(model, "chart_title")} (${rows[0].month.slice(0, 7)} – ${last.month.slice(0, 7)}): ${summary.textContent}`); // its text alternative
      const noCap = rows.every((r) => r.pooled_outpatient_cap === null);
      const note = noCap ? say(model, rows.some((r) => r.pooled_outpatient_used !== null) ? "chart_no_cap" : "chart_quota_unknown") : "";
      legend.replaceChildren(
        legendItem("#1f6feb", say(model, "chart_balance")),
        legendItem("#d1242f", say(model, "chart_quota")),
        stop === 0 ? "" : legendItem("#6e7781", say(model, "chart_stop"), true),
        note ? h("li", { class: "yibao-chart-note" }, note) : "",
      );
    };

    const slider = (name, label) => {
      const [min, max, step] = sliders[name];
      const output = h("output", { class: "yibao-slider-value" }, String(model.get(name)));
      const input = h("input", {
        type: "range",
        class: `yibao-slider yibao-choice-${name}`,
        "data-focus": name,
        "aria-label": label,
        min: name === "age" ? lowestAge(model, min) : min,
        max: name === "stop_month" ? model.get("months") : max,
        step,
        value: model.get(name),
        oninput: (event) => choose(model, name, Number(event.target.value)),
      });
      inputs[name] = { slider: input, output };
      return field(name, label, h("div", { class: "yibao-slider-row" }, input, output));
    };

    // The chart is drawn for its box's width, which stops growing at its max-width (browser.css).
    // The box is measured once it is on the page (JupyterLab does not lay out, nor report the
    // resizing of, cells scrolled out of view), and again whenever it is resized.
    const fit = () => {
      const shown = chartBox && chartBox.isConnected ? Math.round(chartBox.clientWidth) : 0;
      if (shown && shown !== width) {
        width = shown;
        update();
      }
    };
    const observer = new ResizeObserver(fit);

    const draw = () => {
      const lang = model.get("lang");
      if (chartBox) observer.unobserve(chartBox);
      chartBox = h("div", { class: "yibao-chart-box" });
      observer.observe(chartBox);
      summary = h("p", { class: "yibao-chart-summary", "aria-live": "polite" });
      legend = h("ul", { class: "yibao-chart-legend" });
      const cities = placeOptions(model.get("cities"), lang);
      pensionBox = amountBox(model, "pension", say(model, "pension"), rules.limits.max_wage, state);
      const nodes = [
        h("p", { class: "yibao-chart-title" }, say(model, "chart_title")),
        chartBox,
        legend,
        summary,
        h(
          "div",
          { class: "yibao-controls yibao-chart-controls" },
          model.get("status") === "retiree" ? null : slider("wage", say(model, "wage_base")),
          slider("spend", say(model, "spend")),
          slider("outpatient", say(model, "outpatient_cost")),
          slider("months", say(model, "months")),
          slider("stop_month", say(model, "stop_month")),
          slider("start_year", say(model, "start")),
          segmented("status", say(model, "status"), rules.statuses.map((s) => ({ value: s, label: say(model, s) })), model.get("status"), (v) => chooseStatus(model, v)),
          dropdown("city", say(model, "city"), cities, model.get("city"), (v) => choose(model, "city", v)),
          slider("age", say(model, "age")),
          pensionBox,
        ),
      ];
      update();
      return nodes;
    };

    const events = CHART_TRAITS.map((name) => `change:${name}`).join(" ");
    const restyle = () => {
      // status and city change the buttons' pressed state: the controls follow the traits
      for (const button of el.querySelectorAll(".yibao-choice-status button")) button.setAttribute("aria-pressed", String(button.dataset.value === model.get("status")));
      const select = el.querySelector("select.yibao-choice-city");
      if (select && select.value !== model.get("city")) select.value = model.get("city");
      update();
    };
    model.on(events, restyle);
    const cleanup = mount(model, el, draw, ["status"]); // a retiree has no wage slider and an older lowest age
    fit();
    return () => {
      cleanup();
      model.off(events, restyle);
      observer.disconnect();
    };
  },
};
