// A lazily imported SDK client: built on first use (the SDK is imported only then), or the user's
// own client taken as is; a failed import is retried on the next call; `client()` is the escape
// hatch every provider exposes (as unstorage's getInstance(), go-cloud's As).
import { SecretsError } from '../errors.js';
import type { AdapterKit } from './define-adapter.js';

/** The escape hatch every provider exposes: the SDK client it sends through. */
export interface WithClient<C> {
  /** The SDK client (the user's own, or the one built on first use). */
  client(): Promise<C>;
}

export interface LazyClient<C> {
  /** The client, built on first call (concurrent first calls share one build). */
  get(): Promise<C>;
  /** Releases a client we built (a user's client is left alone); the next `get()` builds anew. */
  close(): Promise<void>;
}

export interface LazyClientOptions<C> {
  /** The user's own client: used as is, never closed by us. */
  given?: C | undefined;
  /** Builds our client (imports the SDK inside). */
  build(): Promise<C>;
  /** Releases a client we built. */
  dispose?(client: C): void | Promise<void>;
}

export function lazyClient<C>(options: LazyClientOptions<C>): LazyClient<C> {
  let pending: Promise<C> | undefined;
  let built: C | undefined;
  return {
    get() {
      if (options.given !== undefined) return Promise.resolve(options.given);
      if (pending === undefined) {
        const attempt = options.build().then((client) => {
          built = client;
          return client;
        });
        pending = attempt;
        attempt.catch(() => {
          if (pending === attempt) pending = undefined; // a failed import may be retried
        });
      }
      return pending;
    },
    async close() {
      const client = built;
      built = undefined;
      pending = undefined;
      if (client !== undefined) await options.dispose?.(client);
    },
  };
}

/**
 * Imports an SDK package on first use; a missing package is CONFIG naming what to install.
 * `load` stays a literal `() => import('pkg')` in the adapter so bundlers still see it.
 */
export async function importSdk<M>(
  load: () => Promise<M>,
  packageName: string,
  /** The adapter's kit (the message then starts with its factory name), or a provider name. */
  adapter: AdapterKit | string,
  /** What else the user can do, appended to the message: `'or pass a credential'`. */
  hint?: string,
): Promise<M> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    const message =
      (missing
        ? `the package ${packageName} is not installed: npm install ${packageName}`
        : `the package ${packageName} could not be loaded`) + (hint === undefined ? '' : `, ${hint}`);
    if (typeof adapter !== 'string') throw adapter.configError(message);
    throw new SecretsError('CONFIG', `${adapter}: ${message}`, {
      provider: adapter,
      ...(typeof code === 'string' ? { cause: Object.assign(new Error(code), { code }) } : {}),
    });
  }
}
