// The options of gcpSecretManager(), checked at construction (CONFIG before any request).
import type { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { checkOptions } from '@secretkit/core/adapter';
import type { ClientOptions } from 'google-gax';
import type { GcpKit } from './errors.js';
import { isProjectId, LOCATION } from './names.js';

export interface GcpSecretManagerOptions {
  /** The project of bare secret ids. @default the Application Default Credentials' project */
  projectId?: string;
  /**
   * A regional location (e.g. `europe-west1`): requests go to `secretmanager.{location}.rep.googleapis.com`
   * and paths become `projects/p/locations/{location}/secrets/s`. @default global secrets
   */
  location?: string;
  /** The auth client for clients we build (e.g. an OAuth2Client, GoogleAuth). @default Application Default Credentials */
  authClient?: ClientOptions['authClient'];
  /** `'grpc'` (HTTP/2, the client's default) or `'rest'` (HTTP/1.1 JSON, `fallback: true`). @default 'grpc' */
  transport?: 'grpc' | 'rest';
  /**
   * A client you built; used as is (its endpoint, credentials and transport are yours). We still
   * pass `{ retry: null }` on every call. `close()` leaves it open. @default a client built on first use
   */
  client?: SecretManagerServiceClient;
  /**
   * Extra constructor options for the client we build (e.g. `apiEndpoint`, `port`, `sslCreds` for a
   * local server); they override ours. @default none
   */
  clientOptions?: ClientOptions;
  /**
   * Read `latest` as the newest ENABLED version when the newest version is disabled or destroyed
   * (one extra ListSecretVersions `state:ENABLED`), for teams that disable a bad version to roll
   * back. Off, a disabled `latest` is DISABLED and never silently an older version. @default false
   */
  resolveLatestToEnabled?: boolean;
}

const KNOWN_OPTIONS = [
  'projectId',
  'location',
  'authClient',
  'transport',
  'client',
  'clientOptions',
  'resolveLatestToEnabled',
];

/** The options as given, or CONFIG naming the first problem. */
export function checkGcpOptions(kit: GcpKit, options: unknown): GcpSecretManagerOptions {
  const given = checkOptions(kit, options, KNOWN_OPTIONS) as GcpSecretManagerOptions;
  if (given.projectId !== undefined) {
    if (typeof given.projectId !== 'string') throw kit.configError('projectId must be a string');
    if (!isProjectId(given.projectId))
      throw kit.configError(`"${given.projectId}" is not a valid project id`);
  }
  if (
    given.location !== undefined &&
    (typeof given.location !== 'string' || !LOCATION.test(given.location))
  ) {
    throw kit.configError('location must be a Google Cloud location such as "europe-west1"');
  }
  if (given.transport !== undefined && given.transport !== 'grpc' && given.transport !== 'rest') {
    throw kit.configError('transport must be "grpc" or "rest"');
  }
  if (given.client !== undefined && (typeof given.client !== 'object' || given.client === null)) {
    throw kit.configError('client must be a SecretManagerServiceClient');
  }
  if (
    given.clientOptions !== undefined &&
    (typeof given.clientOptions !== 'object' || given.clientOptions === null)
  ) {
    throw kit.configError('clientOptions must be an object');
  }
  if (given.resolveLatestToEnabled !== undefined && typeof given.resolveLatestToEnabled !== 'boolean') {
    throw kit.configError('resolveLatestToEnabled must be a boolean');
  }
  return { ...given };
}
