// Answers to share: an explainer's choices live in the page's address (01_accounts.html?city=beijing&
// status=retiree&age=72), read when it is drawn and kept there as the visitor changes them. The names
// and the values allowed come from Python (trait `address`: {name: {trait, values} or {trait, min, max,
// integer}}); a value that is not allowed is ignored and the page says so. `lang` and `size` are the
// page's own (common.js). No DOM here: node tests these functions.

/** The value `raw` (text from the address) means for one parameter, or undefined when it is not allowed. */
export function addressValue(spec, raw) {
  if (spec.values) return spec.values.includes(raw) ? raw : undefined;
  if (!/^\d+(\.\d+)?$/.test(raw)) return undefined;
  const value = Number(raw);
  if (spec.integer && !Number.isInteger(value)) return undefined;
  return value >= spec.min && value <= spec.max ? value : undefined;
}

/** What an address (`search`: "?a=b&…") asks of an explainer: {values: {trait: value}, ignored: [[name, raw]]}. */
export function readAddress(specs, search) {
  const params = new URLSearchParams(search);
  const values = {};
  const ignored = [];
  for (const [name, spec] of Object.entries(specs)) {
    if (!params.has(name)) continue;
    const raw = params.get(name);
    const value = addressValue(spec, raw);
    if (value === undefined) ignored.push([name, raw]);
    else values[spec.trait] = value;
  }
  return { values, ignored };
}

/** The address `href` with the explainer's current choices (`current(trait)`) in it, other parameters kept. */
export function writeAddress(specs, current, href) {
  const url = new URL(href);
  for (const [name, spec] of Object.entries(specs)) url.searchParams.set(name, String(current(spec.trait)));
  return url.href;
}

/** The page's own choice `name` (lang, size) when the address makes one of `allowed`, else null. */
export function pageChoice(search, name, allowed) {
  const value = new URLSearchParams(search).get(name);
  return allowed.includes(value) ? value : null;
}
