// How we call @google-cloud/secret-manager: the constructor options of a client we build (gRPC by
// default, `fallback: true` for REST, the regional endpoint for a location) and per-call options.
import type { CallOptions, ClientOptions } from 'google-gax';
import type { GcpSecretManagerOptions } from './options.js';

/**
 * Per-call options, new for every call: no retry inside the client (its default retries UNAVAILABLE
 * for up to 600 s; `maxRetries: 0` would turn errors into DEADLINE_EXCEEDED). Core's retry is the only layer.
 */
export function noRetry(extra: CallOptions = {}): CallOptions {
  return { ...extra, retry: null }; // a fresh object per call: gax writes into call options
}

/** The regional endpoint for `location`, undefined for global secrets. */
export function regionalEndpoint(location: string | undefined): string | undefined {
  return location === undefined ? undefined : `secretmanager.${location}.rep.googleapis.com`;
}

/** Constructor options of the client we build; the user's `clientOptions` override ours. */
export function clientConstructorOptions(settings: GcpSecretManagerOptions): ClientOptions {
  const apiEndpoint = regionalEndpoint(settings.location);
  return {
    ...(settings.transport === 'rest' ? { fallback: true } : {}),
    ...(settings.projectId === undefined ? {} : { projectId: settings.projectId }),
    ...(settings.authClient === undefined ? {} : { authClient: settings.authClient }),
    ...(apiEndpoint === undefined ? {} : { apiEndpoint }),
    ...settings.clientOptions,
  };
}
