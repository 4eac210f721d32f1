// The page's one formatter of amounts, and the filling of Python's texts: every sentence is Python's,
// with slots ("{amount}") where the page puts the numbers it computed.

/**
 * ¥ from whole fen (not negative) as the page shows it: grouped, with `digits` decimals (2, or 0: rounded half up).
 * @param {number} amount fen
 * @param {number} [digits]
 */
export function yuanText(amount, digits = 2) {
  const whole = Math.floor((digits ? amount : amount + 50) / 100);
  const fraction = digits ? `.${String(amount % 100).padStart(2, "0")}` : "";
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ",") + fraction;
}

/**
 * A template with `{name}` slots filled with the values given (Python wrote the template).
 * @param {string} template
 * @param {Record<string, string | number>} fields
 */
export function fill(template, fields) {
  return template.replace(/\{(\w+)\}/g, (slot, name) => (name in fields ? String(fields[name]) : slot));
}
