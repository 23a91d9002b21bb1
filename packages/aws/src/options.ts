// The factory's options and their checks: unknown keys and bad values are CONFIG at construction.
import type { SecretsManagerClient, SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { SecretsError } from '@secretkit/core';
import { PROVIDER_NAME } from './error-mapping.js';

export interface AwsSecretsManagerOptions {
  /** AWS region of the client we build. @default the SDK's resolution (AWS_REGION, profile, ...) */
  region?: string;
  /** Credentials (or a provider of them) for the client we build. @default the SDK's default credential chain */
  credentials?: SecretsManagerClientConfig['credentials'];
  /** Endpoint URL for the client we build (a VPC endpoint, LocalStack). @default the regional endpoint */
  endpoint?: string;
  /**
   * A `SecretsManagerClient` you built; used as is (its own retry settings included: build it with
   * `maxAttempts: 1` so core's retry is the only one). Not combinable with region/credentials/endpoint.
   * @default a client built on first use with `maxAttempts: 1`
   */
  client?: SecretsManagerClient;
  /**
   * `deleteSecret` deletes at once, without the recovery window (AWS `ForceDeleteWithoutRecovery`).
   * @default false (AWS's default 30-day recovery window; reads then fail with DISABLED)
   */
  forceDeleteWithoutRecovery?: boolean;
}

const KNOWN_OPTIONS = new Set(['region', 'credentials', 'endpoint', 'client', 'forceDeleteWithoutRecovery']);

function configError(message: string): SecretsError {
  return new SecretsError('CONFIG', `awsSecretsManager: ${message}`, { provider: PROVIDER_NAME });
}

/** Throws CONFIG unless `options` is a valid AwsSecretsManagerOptions object. */
export function assertOptions(options: unknown): asserts options is AwsSecretsManagerOptions | undefined {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw configError('options must be an object');
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!KNOWN_OPTIONS.has(key)) throw configError(`unknown option "${key}"`);
  }
  if (given.region !== undefined && (typeof given.region !== 'string' || given.region === '')) {
    throw configError('region must be a non-empty string');
  }
  if (given.endpoint !== undefined) {
    if (typeof given.endpoint !== 'string' || !URL.canParse(given.endpoint)) {
      throw configError('endpoint must be an absolute URL string');
    }
  }
  const credentials = given.credentials;
  if (credentials !== undefined && typeof credentials !== 'function' && typeof credentials !== 'object') {
    throw configError('credentials must be an object or a credential provider function');
  }
  if (given.client !== undefined) {
    if (typeof (given.client as { send?: unknown } | null)?.send !== 'function') {
      throw configError('client must be a SecretsManagerClient');
    }
    const built = ['region', 'credentials', 'endpoint'].filter((key) => given[key] !== undefined);
    if (built.length > 0) {
      throw configError(`client is used as is; ${built.join(', ')} cannot be combined with it`);
    }
  }
  const force = given.forceDeleteWithoutRecovery;
  if (force !== undefined && typeof force !== 'boolean') {
    throw configError('forceDeleteWithoutRecovery must be a boolean');
  }
}
