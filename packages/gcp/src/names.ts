// Secret names → Secret Manager resource paths: a secret id, or a full `projects/p/secrets/s` or
// `projects/p/locations/l/secrets/s` name, validated before any request (DESIGN §5).
import { checkRequest, checkSecretName } from '@secretkit/core/adapter';
import type { GcpKit } from './errors.js';

/** The longest full name: `projects/` + 128 + `/locations/` + 63 + `/secrets/` + 255. */
export const MAX_NAME_LENGTH = 473;
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;
const PROJECT = /^[A-Za-z0-9][A-Za-z0-9.:-]{0,127}$/;
export const LOCATION = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** `latest`, a version number, or an alias (letters, digits, `-`, `_`, at most 63, not all digits). */
const VERSION = /^(latest|[1-9][0-9]{0,18}|(?!\d+$)[A-Za-z0-9_][A-Za-z0-9_-]{0,62})$/;
const FULL_GLOBAL = /^projects\/([^/]+)\/secrets\/([^/]+)$/;
const FULL_REGIONAL = /^projects\/([^/]+)\/locations\/([^/]+)\/secrets\/([^/]+)$/;

/** A parsed name: `project` is undefined for a bare secret id (it comes from options or ADC). */
export interface SecretAddress {
  project: string | undefined;
  secretId: string;
}

/** A checked read request: where the secret is and which version (`latest` when none was asked). */
export interface CheckedRequest {
  name: string;
  address: SecretAddress;
  version: string;
}

/**
 * Checks a request before any I/O: the kit's rules (non-empty, length, no control characters), then
 * Secret Manager's (a secret id or full name fitting `location`, a version number or alias, no stage).
 */
export function checkGcpRequest(kit: GcpKit, request: unknown, location: string | undefined): CheckedRequest {
  const { name, version, stage } = checkRequest(kit, request, {
    maxNameLength: MAX_NAME_LENGTH,
    maxVersionLength: 63,
    stages: true, // refused below, with a hint
  });
  if (stage !== undefined) {
    throw kit.configError('Secret Manager has no stages: pass an alias as `version`', name);
  }
  const address = parseSecretName(kit, name, location);
  if (version !== undefined && !VERSION.test(version)) {
    throw kit.configError('version must be "latest", a version number or an alias', name);
  }
  return { name, address, version: version ?? 'latest' };
}

/** Parses and validates `name` against the provider's `location`; CONFIG when it does not fit. */
export function parseSecretName(kit: GcpKit, name: unknown, location: string | undefined): SecretAddress {
  checkSecretName(kit, name, MAX_NAME_LENGTH);
  if (SECRET_ID.test(name)) return { project: undefined, secretId: name };
  const global = FULL_GLOBAL.exec(name);
  const regional = FULL_REGIONAL.exec(name);
  const [project, nameLocation, secretId] = global
    ? [global[1], undefined, global[2]]
    : regional
      ? [regional[1], regional[2], regional[3]]
      : [undefined, undefined, undefined];
  if (project === undefined || secretId === undefined) {
    throw kit.configError(
      'a secret name must be a secret id ([A-Za-z0-9_-], at most 255) or projects/p/secrets/s ' +
        '(projects/p/locations/l/secrets/s for a regional secret)',
      name,
    );
  }
  if (!PROJECT.test(project) || !SECRET_ID.test(secretId)) {
    throw kit.configError('the project or secret id in this name is not valid', name);
  }
  if (nameLocation !== location) {
    throw kit.configError(
      nameLocation === undefined
        ? `a global secret name does not fit the provider's location "${location}"`
        : `the name's location "${nameLocation}" does not match the provider's location ${location === undefined ? '(global)' : `"${location}"`}`,
      name,
    );
  }
  return { project, secretId };
}

export function isProjectId(project: string): boolean {
  return PROJECT.test(project);
}

/** `projects/p` or `projects/p/locations/l`: the parent of secrets. */
export function parentPath(project: string, location: string | undefined): string {
  return location === undefined ? `projects/${project}` : `projects/${project}/locations/${location}`;
}

export function secretPath(project: string, location: string | undefined, secretId: string): string {
  return `${parentPath(project, location)}/secrets/${secretId}`;
}

/** The version number at the end of a response's version name (`…/versions/3` → `'3'`). */
export function versionFromName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const match = /\/versions\/(\d+)$/.exec(name);
  return match?.[1];
}

/** The secret id at the end of a secret's resource name. */
export function secretIdFromName(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const match = /\/secrets\/([^/]+)$/.exec(name);
  return match?.[1];
}
