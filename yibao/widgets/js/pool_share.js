// What the pooled fund pays on a bill, shared by the credit projection and the year of care
// (Python: yibao.credit._pool_share). No DOM: node imports it.

/** [what the fund pays on `eligible` at `rate`, what that uses of a cap with `room` left] (room NaN: no cap). */
export function poolShare(eligible, rate, room, basis) {
  if (Number.isNaN(room)) {
    const paid = eligible * rate;
    return [paid, paid];
  }
  if (basis === "eligible_cost") {
    const counted = Math.min(eligible, room);
    return [counted * rate, counted];
  }
  const paid = Math.min(eligible * rate, room);
  return [paid, paid];
}
