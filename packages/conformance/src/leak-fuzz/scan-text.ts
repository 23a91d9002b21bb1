// The text search behind findLeaks: an index of every canary's fragment windows, and a scan that
// finds a canary in a text and names the strongest form it shows in.
import { type Canary, FRAGMENT_WINDOW } from './canaries.js';
import type { LeakFinding } from './find-leaks.js';

/** A text a subject shows, and where. */
export interface Located {
  readonly path: string;
  readonly rendering: string;
  readonly text: string;
}

/** Fragment window → positions (in the canary list) of the canaries it belongs to. */
export type WindowIndex = Map<string, number[]>;
const indexes = new WeakMap<readonly Canary[], WindowIndex>();

/** Which canaries (by position in `list`) each fragment window belongs to. */
export function windowIndex(list: readonly Canary[]): WindowIndex {
  let index = indexes.get(list);
  if (index === undefined) {
    index = new Map();
    list.forEach((canary, position) => {
      for (const window of canary.fragments.keys()) {
        const owners = index!.get(window);
        if (owners === undefined) index!.set(window, [position]);
        else if (!owners.includes(position)) owners.push(position);
      }
    });
    indexes.set(list, index);
  }
  return index;
}

/**
 * Windows at every second position catch any 9-character excerpt of a canary's forms; a hit is
 * then named by its strongest whole form, or `fragment` when no whole form is there.
 */
export function scanText(
  { path, rendering, text }: Located,
  list: readonly Canary[],
  index: WindowIndex,
): LeakFinding[] {
  const hits = new Map<number, number>();
  for (let start = 0; start + FRAGMENT_WINDOW <= text.length; start += 2) {
    const owners = index.get(text.slice(start, start + FRAGMENT_WINDOW));
    for (const owner of owners ?? []) if (!hits.has(owner)) hits.set(owner, start);
  }
  const findings: LeakFinding[] = [];
  list.forEach((canary, position) => {
    const firstHit = hits.get(position);
    // Hex has no fragments (too weak), so a canary without a window hit can still show in hex.
    const candidates =
      firstHit === undefined ? canary.needles.filter((needle) => needle.form === 'hex') : canary.needles;
    const whole = candidates.find((needle) => text.includes(needle.text));
    if (whole === undefined && firstHit === undefined) return;
    const at = whole === undefined ? (firstHit as number) : text.indexOf(whole.text);
    const length = whole === undefined ? FRAGMENT_WINDOW : whole.text.length;
    const excerpt = JSON.stringify(text.slice(Math.max(0, at - 24), at + length + 24));
    findings.push({ kind: canary.kind, form: whole?.form ?? 'fragment', path, rendering, excerpt });
  });
  return findings;
}
