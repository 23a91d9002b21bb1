// Output masking (DESIGN §10): every occurrence of every resolved value of 4 or more bytes becomes
// `[redacted]`, also when a value is split across writes. Bytes pass through unchanged otherwise,
// and only a tail that could still become a value is held back (never more than the longest value
// minus one byte), until the next write decides it or the stream ends.
import { Transform } from 'node:stream';

export const REDACTED = Buffer.from('[redacted]');
/** Shorter values are not masked: they would redact ordinary words and numbers everywhere. */
export const MIN_MASKED_BYTES = 4;

/** The values to mask; shared by the filters of every child, and it only grows. */
export class MaskSet {
  #values: Buffer[] = [];
  readonly #seen = new Set<string>();

  add(values: Iterable<string>): void {
    for (const value of values) {
      const bytes = Buffer.from(value, 'utf8');
      if (bytes.length < MIN_MASKED_BYTES || this.#seen.has(value)) continue;
      this.#seen.add(value);
      this.#values.push(bytes);
    }
    this.#values.sort((a, b) => b.length - a.length); // longest first: it wins a tie
  }

  get values(): readonly Buffer[] {
    return this.#values;
  }

  get size(): number {
    return this.#values.length;
  }
}

interface Match {
  at: number;
  length: number;
}

/** The leftmost complete occurrence of any value in `data` from `from`; the longest on a tie. */
function firstMatch(data: Buffer, from: number, values: readonly Buffer[]): Match | undefined {
  let best: Match | undefined;
  for (const value of values) {
    const at = data.indexOf(value, from);
    if (at >= 0 && (best === undefined || at < best.at)) best = { at, length: value.length };
  }
  return best;
}

/**
 * The first position ≥ `from` where the rest of `data` is a proper prefix of some value (an
 * occurrence that more bytes could complete), or -1.
 */
function firstOpenPrefix(data: Buffer, from: number, values: readonly Buffer[]): number {
  let first = -1;
  for (const value of values) {
    const start = Math.max(from, data.length - value.length + 1);
    for (let at = data.indexOf(value[0]!, start); at >= 0; at = data.indexOf(value[0]!, at + 1)) {
      if (first >= 0 && at >= first) break;
      if (value.compare(data, at, data.length, 0, data.length - at) === 0) {
        first = at;
        break;
      }
    }
  }
  return first;
}

/** The streaming decision, without streams: feed chunks, get what may be written now. */
export class Masker {
  #held: Buffer = Buffer.alloc(0);
  readonly #set: MaskSet;

  constructor(set: MaskSet) {
    this.#set = set;
  }

  /** Bytes safe to write after `chunk`; a tail that may still become a value stays held. */
  push(chunk: Buffer): Buffer {
    return this.#scan(this.#held.length === 0 ? chunk : Buffer.concat([this.#held, chunk]), false);
  }

  /** Everything still held, masked: the stream ended, so no value can complete any more. */
  end(): Buffer {
    return this.#scan(this.#held, true);
  }

  /** How many bytes are held back now. */
  get held(): number {
    return this.#held.length;
  }

  #scan(data: Buffer, final: boolean): Buffer {
    const values = this.#set.values;
    const out: Buffer[] = [];
    let position = 0;
    for (;;) {
      const match = firstMatch(data, position, values);
      const open = final ? -1 : firstOpenPrefix(data, position, values);
      if (open >= 0 && (match === undefined || open <= match.at)) {
        out.push(data.subarray(position, open));
        this.#held = Buffer.from(data.subarray(open));
        break;
      }
      if (match === undefined) {
        out.push(data.subarray(position));
        this.#held = Buffer.alloc(0);
        break;
      }
      out.push(data.subarray(position, match.at), REDACTED);
      position = match.at + match.length;
    }
    return Buffer.concat(out);
  }
}

/** A Transform stream that masks the values of `set` in what flows through it. */
export function createMaskingStream(set: MaskSet): Transform {
  const masker = new Masker(set);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const out = masker.push(chunk);
      done(null, out.length > 0 ? out : undefined);
    },
    flush(done) {
      const out = masker.end();
      done(null, out.length > 0 ? out : undefined);
    },
  });
}
