// The factory's options and their checks: unknown keys and bad values are CONFIG at construction.
import type { SecretsManagerClient, SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import { type AdapterKit, checkOptions } from '@secretkit/core/adapter';

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

const KNOWN_OPTIONS = ['region', 'credentials', 'endpoint', 'client', 'forceDeleteWithoutRecovery'];

/** The options, checked: throws CONFIG unless they are a valid AwsSecretsManagerOptions object. */
export function checkAwsOptions(kit: AdapterKit, options: unknown): AwsSecretsManagerOptions {
  const given = checkOptions(kit, options, KNOWN_OPTIONS);
  if (given.region !== undefined && (typeof given.region !== 'string' || given.region === '')) {
    throw kit.configError('region must be a non-empty string');
  }
  if (given.endpoint !== undefined) {
    if (typeof given.endpoint !== 'string' || !URL.canParse(given.endpoint)) {
      throw kit.configError('endpoint must be an absolute URL string');
    }
  }
  const credentials = given.credentials;
  if (
    credentials !== undefined &&
    (credentials === null || (typeof credentials !== 'function' && typeof credentials !== 'object'))
  ) {
    throw kit.configError('credentials must be an object or a credential provider function');
  }
  if (given.client !== undefined) {
    if (typeof (given.client as { send?: unknown } | null)?.send !== 'function') {
      throw kit.configError('client must be a SecretsManagerClient');
    }
    const built = ['region', 'credentials', 'endpoint'].filter((key) => given[key] !== undefined);
    if (built.length > 0) {
      throw kit.configError(`client is used as is; ${built.join(', ')} cannot be combined with it`);
    }
  }
  const force = given.forceDeleteWithoutRecovery;
  if (force !== undefined && typeof force !== 'boolean') {
    throw kit.configError('forceDeleteWithoutRecovery must be a boolean');
  }
  return { ...(given as AwsSecretsManagerOptions) };
}
