// Error injection for the fake Vault on the fake kit's fault queue: Vault's errors[], a raw body
// and headers (a proxy page, a malformed 200, a 429 with Retry-After), or a dropped connection.
import { createFaultQueue } from '@secretkit/fake-kit';

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
  /** Headers of the answer (pairs may repeat a name). @default none */
  headers?: Record<string, string> | ReadonlyArray<readonly [string, string]>;
  /**
   * A raw body instead of Vault's `{ errors }` (an HTML page from a proxy, truncated JSON), sent
   * with `contentType`; with a 2xx status it is a malformed answer. @default undefined
   */
  body?: string;
  /** The content type of `body` (unless `headers` set one). @default 'text/html; charset=utf-8' */
  contentType?: string;
}

/** One injected answer, as the handlers send it. */
export interface Fault {
  status: number;
  errors: string[];
  network: boolean;
  headers: Array<[string, string]>;
  body: string | undefined;
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

/** The fake's faults, matched on the request's API path. */
export function createVaultFaults() {
  const queue = createFaultQueue<Fault, string>();
  return {
    add(status: number, options: FailNextOptions = {}): void {
      const { pathPrefix } = options;
      const headers = Array.isArray(options.headers)
        ? options.headers.map(([name, value]): [string, string] => [name, value])
        : Object.entries(options.headers ?? {});
      if (options.body !== undefined && !headers.some(([name]) => name.toLowerCase() === 'content-type')) {
        headers.push(['content-type', options.contentType ?? 'text/html; charset=utf-8']);
      }
      queue.failNext(
        {
          status,
          errors: options.errors ?? DEFAULT_ERRORS[status] ?? [`injected ${status}`],
          network: options.network === true,
          headers,
          body: options.body,
        },
        {
          ...(options.times === undefined ? {} : { times: options.times }),
          match: (path) => (pathPrefix === undefined ? !BOOKKEEPING.test(path) : path.startsWith(pathPrefix)),
        },
      );
    },
    take: (path: string): Fault | undefined => queue.take(path),
    clear: () => queue.clear(),
  };
}

export type VaultFaults = ReturnType<typeof createVaultFaults>;
