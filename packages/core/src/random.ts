// The one guard on the `random` option: every jitter (watch polls, retry backoff, lease schedule)
// draws through it, so a faulty source can never push a timer outside the bounds its rule allows.

/**
 * One draw from `random`, as a number in [0, 1). Anything else it returns (NaN, ±∞, 1, −0.5, a
 * string) or a throw counts as 0, the lower end of every jitter range — a timer that is as short as
 * its rule allows and never shorter (DESIGN §4 Rotation: a bad `random` never shortens a timer).
 */
export function unitDraw(random: () => number): number {
  let value: unknown;
  try {
    value = random();
  } catch {
    return 0;
  }
  return typeof value === 'number' && value >= 0 && value < 1 ? value : 0;
}
