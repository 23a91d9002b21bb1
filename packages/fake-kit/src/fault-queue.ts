// Injected failures for a fake: "the next matching request(s) fail". Faults are opaque here; each
// fake decides what one means on its wire (a status and error body, a dropped connection, ...).

export interface FailNextOptions<Request> {
  /** How many matching requests fail (`Infinity`: until `clear()`). @default 1 */
  times?: number;
  /** Which requests the fault applies to; the fake decides what a request is. @default every request */
  match?: (request: Request) => boolean;
  /** Queue it ahead of the faults already pending (a follow-up of the fault being answered). @default false */
  ahead?: boolean;
}

export interface FaultQueue<Fault, Request = unknown> {
  /** Queues `fault` for the next matching request(s). Throws a TypeError for a bad `times`. */
  failNext(fault: Fault, options?: FailNextOptions<Request>): void;
  /** The oldest pending fault matching `request`, using up one of its `times`; undefined if none. */
  take(request: Request): Fault | undefined;
  /** Failures still to come, summed over the pending faults. */
  readonly pending: number;
  /** Drops every pending fault. */
  clear(): void;
}

interface Pending<Fault, Request> {
  fault: Fault;
  remaining: number;
  match: ((request: Request) => boolean) | undefined;
}

export function createFaultQueue<Fault, Request = unknown>(): FaultQueue<Fault, Request> {
  let queue: Pending<Fault, Request>[] = [];
  return {
    failNext(fault, options = {}) {
      const times = options.times ?? 1;
      if (times !== Number.POSITIVE_INFINITY && !(Number.isInteger(times) && times >= 1)) {
        throw new TypeError('failNext: times must be a positive integer (or Infinity)');
      }
      const pending = { fault, remaining: times, match: options.match };
      if (options.ahead) queue.unshift(pending);
      else queue.push(pending);
    },
    take(request) {
      const index = queue.findIndex((pending) => pending.match?.(request) ?? true);
      if (index === -1) return undefined;
      const pending = queue[index]!;
      pending.remaining -= 1;
      if (pending.remaining === 0) queue.splice(index, 1);
      return pending.fault;
    },
    get pending() {
      return queue.reduce((sum, pending) => sum + pending.remaining, 0);
    },
    clear() {
      queue = [];
    },
  };
}
