// @google-cloud/secret-manager, imported on first use, and the client we call: the user's, or one
// we build (gRPC by default, `fallback: true` for REST, the regional endpoint for a location).
import type { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import type { CallOptions } from 'google-gax';
import type { GcpSecretManagerOptions } from './options.js';

/**
 * Per-call options, new for every call: no retry inside the client (its default retries UNAVAILABLE for up to 600 s;
 * `maxRetries: 0` would turn errors into DEADLINE_EXCEEDED). Core's retry is the only layer.
 */
export function noRetry(extra: CallOptions = {}): CallOptions {
  return { ...extra, retry: null }; // a fresh object per call: gax writes into call options
}

/** The regional endpoint for `location`, undefined for global secrets. */
export function regionalEndpoint(location: string | undefined): string | undefined {
  return location === undefined ? undefined : `secretmanager.${location}.rep.googleapis.com`;
}

export interface LazyClient {
  get(): Promise<SecretManagerServiceClient>;
  /** Closes the client we built (a user-supplied client is left open). */
  close(): Promise<void>;
}

export function lazyClient(options: GcpSecretManagerOptions): LazyClient {
  let handle: Promise<SecretManagerServiceClient> | undefined;
  let built: SecretManagerServiceClient | undefined;
  return {
    get() {
      if (options.client) return Promise.resolve(options.client);
      handle ??= import('@google-cloud/secret-manager').then((sdk) => {
        const apiEndpoint = regionalEndpoint(options.location);
        built = new sdk.SecretManagerServiceClient({
          ...(options.transport === 'rest' ? { fallback: true } : {}),
          ...(options.projectId === undefined ? {} : { projectId: options.projectId }),
          ...(options.authClient === undefined ? {} : { authClient: options.authClient }),
          ...(apiEndpoint === undefined ? {} : { apiEndpoint }),
          ...options.clientOptions,
        });
        return built;
      });
      handle.catch(() => {
        handle = undefined; // a failed import may be retried
      });
      return handle;
    },
    async close() {
      const client = built;
      built = undefined;
      handle = undefined;
      await client?.close();
    },
  };
}
