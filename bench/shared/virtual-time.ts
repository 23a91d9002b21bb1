// A simulated clock for the benchmarks that cover minutes: while installed, Date (Date.now() and
// new Date()), setTimeout/clearTimeout and setInterval/clearInterval read and schedule on virtual
// milliseconds, and advanceTo() fires due timers in time order, letting promise callbacks and I/O
// run (a real setImmediate) after each one. performance.now() and setImmediate stay real, so CPU
// and latency are still measured in real time. uninstall() restores the globals.

const RealDate = Date;
const real = {
  Date,
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
};

/** Resolves after pending promise callbacks and one round of I/O have run (real time). */
export function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface VirtualTimer {
  id: number;
  at: number;
  seq: number;
  callback: (...args: unknown[]) => void;
  args: unknown[];
  repeatMs: number | undefined;
  cancelled: boolean;
  handle: TimerHandle;
}

class TimerHandle {
  readonly id: number;
  #refed = true;
  constructor(id: number) {
    this.id = id;
  }
  unref(): this {
    this.#refed = false;
    return this;
  }
  ref(): this {
    this.#refed = true;
    return this;
  }
  hasRef(): boolean {
    return this.#refed;
  }
  refresh(): this {
    return this;
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }
}

export class VirtualClock {
  now: number;
  /** Timers ever scheduled, fired, and the most alive at once. */
  created = 0;
  fired = 0;
  peakLive = 0;
  #heap: VirtualTimer[] = [];
  #byId = new Map<number, VirtualTimer>();
  #seq = 0;
  #installed = false;

  constructor(start = Date.UTC(2030, 0, 1)) {
    this.now = start;
  }

  get live(): number {
    return this.#byId.size;
  }

  install(): this {
    const clock = this;
    class VirtualDate extends RealDate {
      constructor(...args: unknown[]) {
        if (args.length === 0) super(clock.now);
        else super(...(args as [number]));
      }
      static override now(): number {
        return clock.now;
      }
    }
    globalThis.Date = VirtualDate as DateConstructor;
    const g = globalThis as Record<string, unknown>;
    g.setTimeout = (callback: () => void, ms?: number, ...args: unknown[]) =>
      this.#add(callback, ms, args, undefined);
    g.setInterval = (callback: () => void, ms?: number, ...args: unknown[]) =>
      this.#add(callback, ms, args, Math.max(1, Number(ms) || 0));
    g.clearTimeout = g.clearInterval = (handle: unknown) => this.#cancel(handle);
    this.#installed = true;
    return this;
  }

  uninstall(): void {
    if (!this.#installed) return;
    Object.assign(globalThis, real);
    this.#installed = false;
  }

  /** Fires every timer due at or before `target` in order, then sets the clock to `target`. */
  async advanceTo(target: number): Promise<void> {
    await nextMacrotask(); // work started just before may still be on its way to a setTimeout
    for (;;) {
      const next = this.#peek();
      if (!next || next.at > target) break;
      this.#pop();
      this.now = Math.max(this.now, next.at);
      if (next.repeatMs !== undefined) {
        next.at = this.now + next.repeatMs;
        next.seq = this.#seq++;
        this.#push(next);
      } else {
        this.#byId.delete(next.id);
      }
      this.fired++;
      next.callback(...next.args);
      await nextMacrotask();
    }
    this.now = Math.max(this.now, target);
  }

  advanceBy(ms: number): Promise<void> {
    return this.advanceTo(this.now + ms);
  }

  #add(
    callback: () => void,
    ms: number | undefined,
    args: unknown[],
    repeatMs: number | undefined,
  ): TimerHandle {
    const id = ++this.created;
    const handle = new TimerHandle(id);
    const timer: VirtualTimer = {
      id,
      at: this.now + Math.max(1, Number(ms) || 0),
      seq: this.#seq++,
      callback,
      args,
      repeatMs,
      cancelled: false,
      handle,
    };
    this.#byId.set(id, timer);
    this.#push(timer);
    this.peakLive = Math.max(this.peakLive, this.#byId.size);
    return handle;
  }

  #cancel(handle: unknown): void {
    const id = handle instanceof TimerHandle ? handle.id : Number(handle);
    const timer = this.#byId.get(id);
    if (!timer) return;
    timer.cancelled = true;
    this.#byId.delete(id);
  }

  // A binary min-heap on (at, seq); cancelled timers are dropped lazily when they reach the top.
  #before(a: VirtualTimer, b: VirtualTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  #peek(): VirtualTimer | undefined {
    while (this.#heap.length > 0 && this.#heap[0].cancelled) this.#pop();
    return this.#heap[0];
  }

  #push(timer: VirtualTimer): void {
    const heap = this.#heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  #pop(): VirtualTimer | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && this.#before(heap[left], heap[smallest])) smallest = left;
        if (right < heap.length && this.#before(heap[right], heap[smallest])) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }
}
