// The watch loop of `run --watch` and `render --watch`: reads every ref each interval (±10% jitter,
// so a fleet does not poll in lockstep), and at once when the provider hints at a change or core
// replaces a lease (through resolver.watch, which delivers both). Reads never overlap; the next is
// scheduled only after the previous one and its handler finished.
import type { SecretResolver } from '@secretkit/refs';
import { type RefRead, readRefs } from './read-refs.js';
import { sayError } from './report.js';

/**
 * The interval of the resolver watches that carry hints and lease replacements. They poll too, but
 * this loop is the poll: theirs is only a slow safety net.
 */
export const HINT_WATCH_INTERVAL = '1h';
const JITTER = 0.1;

export interface RefPollerOptions {
  resolver: SecretResolver;
  refs: readonly string[];
  intervalMs: number;
  /** Called with each read; awaited before the next read is scheduled. */
  onRead(read: RefRead): void | Promise<void>;
  /** Read at once instead of after the first interval. @default false */
  immediate?: boolean;
  /** Randomness in [0, 1) for the jitter. @default Math.random */
  random?: () => number;
}

export interface RefPoller {
  stop(): void;
}

/** The delay before the next read: interval × [0.9, 1.1]. */
export function nextReadDelay(intervalMs: number, random: () => number): number {
  const draw = random();
  const unit = Number.isFinite(draw) && draw >= 0 && draw < 1 ? draw : 0;
  return Math.round(intervalMs * (1 - JITTER + 2 * JITTER * unit));
}

export function startRefPoller(options: RefPollerOptions): RefPoller {
  const { resolver, refs, intervalMs, onRead } = options;
  const random = options.random ?? Math.random;
  let stopped = false;
  let reading = false;
  let readAgain = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function read(): Promise<void> {
    timer = undefined;
    if (stopped) return;
    reading = true;
    try {
      const result = await readRefs(resolver, refs);
      if (!stopped) await onRead(result);
    } catch (error) {
      sayError('watch', error);
    } finally {
      reading = false;
    }
    if (stopped) return;
    if (readAgain) {
      readAgain = false;
      void read();
      return;
    }
    timer = setTimeout(() => void read(), nextReadDelay(intervalMs, random));
  }

  const wake = () => {
    if (stopped) return;
    if (reading) {
      readAgain = true;
      return;
    }
    clearTimeout(timer);
    void read();
  };

  const unwatch = [...new Set(refs)].map((ref) =>
    resolver.watch(ref, wake, { interval: HINT_WATCH_INTERVAL }),
  );
  timer = setTimeout(() => void read(), options.immediate ? 0 : nextReadDelay(intervalMs, random));

  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      for (const stop of unwatch) stop();
    },
  };
}
