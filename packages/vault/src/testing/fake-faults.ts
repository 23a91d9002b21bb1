// Error injection for the fake Vault: the next matching request(s) answer with a status and
// Vault's errors[], or drop the connection.

export interface FailNextOptions {
  /** Vault's `errors[]`. @default a message like Vault's for the status */
  errors?: string[];
  /** How many matching requests fail. @default 1 */
  times?: number;
  /**
   * Which requests fail: API paths (without `/v1/`) starting with this prefix.
   * @default every request except logins, token renew/lookup and sys/internal/ui/mounts
   */
  pathPrefix?: string;
  /** Drop the connection instead of answering (a failure without a response). @default false */
  network?: boolean;
}

export interface Fault {
  status: number;
  errors: string[];
  network: boolean;
}

interface PendingFault extends Fault {
  remaining: number;
  pathPrefix: string | undefined;
}

const DEFAULT_ERRORS: Readonly<Record<number, string[]>> = {
  400: ['invalid request'],
  403: ['permission denied'],
  404: [],
  412: ['required index state not present'],
  429: ['request path "secret/": rate limit quota exceeded'],
  500: ['internal error'],
  502: ['upstream error'],
  503: ['Vault is sealed'],
};

/** Paths the default fault leaves alone: the adapter's own bookkeeping, not a secret read. */
const BOOKKEEPING = /^(auth\/[^/]+\/login|auth\/token\/(renew-self|lookup-self)|sys\/internal\/ui\/mounts\/)/;

export class FaultQueue {
  #pending: PendingFault[] = [];

  add(status: number, options: FailNextOptions = {}): void {
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new TypeError('failNext: times must be a positive integer');
    this.#pending.push({
      status,
      errors: options.errors ?? DEFAULT_ERRORS[status] ?? [`injected ${status}`],
      network: options.network === true,
      remaining: times,
      pathPrefix: options.pathPrefix,
    });
  }

  take(path: string): Fault | undefined {
    const index = this.#pending.findIndex((fault) =>
      fault.pathPrefix === undefined ? !BOOKKEEPING.test(path) : path.startsWith(fault.pathPrefix),
    );
    if (index === -1) return undefined;
    const fault = this.#pending[index]!;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#pending.splice(index, 1);
    return { status: fault.status, errors: fault.errors, network: fault.network };
  }

  clear(): void {
    this.#pending = [];
  }
}
