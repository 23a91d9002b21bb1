// Seeded randomness for the leak fuzzer: the same seed replays the same canaries, hostile answers
// and scenario choices, so a failing run is reproduced by its seed alone.

/** A `() => number` in [0, 1) (mulberry32) that replays the same sequence for the same 32-bit `seed`. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A 32-bit seed derived from `seed` and the labels, so each scenario and round draws its own stream. */
export function deriveSeed(seed: number, ...labels: Array<string | number>): number {
  let hash = (seed ^ 0x811c9dc5) >>> 0;
  for (const char of labels.join('\u0000')) {
    hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  }
  return hash;
}

/** One element of `items`, chosen by `random`. */
export function pick<T>(items: readonly T[], random: () => number): T {
  if (items.length === 0) throw new RangeError('pick: no items to choose from');
  return items[Math.floor(random() * items.length) % items.length] as T;
}

/** A shuffled copy of `items` (Fisher–Yates). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1)) % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** `length` characters drawn from `alphabet`. */
export function randomText(length: number, alphabet: string, random: () => number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length) % alphabet.length];
  return text;
}
