// The fake's state and the seven RPCs it answers, transport-neutral: versions with states,
// aliases, checksums and regional locations, with Secret Manager's errors (FakeStatus).
import { crc32c } from '../crc32c.js';
import { FakeStatus } from './fake-status.js';
import {
  type AccessView,
  type Page,
  parseStateFilter,
  type SecretView,
  type VersionView,
} from './fake-views.js';

export type { AccessView, Page, SecretView, VersionView } from './fake-views.js';

export const SECRET_MANAGER_OPERATIONS = [
  'AccessSecretVersion',
  'GetSecretVersion',
  'AddSecretVersion',
  'CreateSecret',
  'DeleteSecret',
  'ListSecrets',
  'ListSecretVersions',
] as const;
export type SecretManagerOperation = (typeof SECRET_MANAGER_OPERATIONS)[number];

export type VersionState = 'ENABLED' | 'DISABLED' | 'DESTROYED';

export interface FakeVersion {
  number: number;
  data: Uint8Array;
  crc32c: number;
  state: VersionState;
  createTime: Date;
  destroyTime?: Date;
}

export interface FakeSecret {
  id: string;
  /** undefined for a global secret. */
  location: string | undefined;
  createTime: Date;
  versions: FakeVersion[];
  aliases: Map<string, number>;
}

const RESOURCE = /^projects\/([^/]+)(?:\/locations\/([^/]+))?\/secrets\/([^/]+)(?:\/versions\/([^/]+))?$/;
const PARENT = /^projects\/([^/]+)(?:\/locations\/([^/]+))?$/;
const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;

interface Parsed {
  location: string | undefined;
  secretId: string;
  version: string | undefined;
}

export class FakeSecretStore {
  readonly #secrets = new Map<string, FakeSecret>();
  #corruptNext = 0;
  #dropNext = 0;

  constructor(
    readonly projectId: string,
    readonly projectNumber: string,
    readonly listPageSize: number,
  ) {}

  // --- native helpers ---------------------------------------------------------------------

  find(secretId: string, location: string | undefined): FakeSecret | undefined {
    return this.#secrets.get(key(secretId, location));
  }

  create(secretId: string, location: string | undefined): FakeSecret {
    const secret: FakeSecret = {
      id: secretId,
      location,
      createTime: new Date(),
      versions: [],
      aliases: new Map(),
    };
    this.#secrets.set(key(secretId, location), secret);
    return secret;
  }

  addVersion(secret: FakeSecret, data: Uint8Array): FakeVersion {
    const version: FakeVersion = {
      number: (secret.versions.at(-1)?.number ?? 0) + 1,
      data: new Uint8Array(data),
      crc32c: crc32c(data),
      state: 'ENABLED',
      createTime: new Date(),
    };
    secret.versions.push(version);
    return version;
  }

  delete(secretId: string, location: string | undefined): boolean {
    return this.#secrets.delete(key(secretId, location));
  }

  clear(): void {
    this.#secrets.clear();
    this.#corruptNext = 0;
    this.#dropNext = 0;
  }

  /** The next AccessSecretVersion answers with a wrong `dataCrc32c`. */
  corruptNextChecksum(times = 1): void {
    this.#corruptNext += times;
  }

  /** The next AccessSecretVersion answers without `dataCrc32c` (as for some older versions). */
  dropNextChecksum(times = 1): void {
    this.#dropNext += times;
  }

  /** Resource names as the service writes them: with the project number. */
  secretName(secret: FakeSecret): string {
    const parent =
      secret.location === undefined
        ? `projects/${this.projectNumber}`
        : `projects/${this.projectNumber}/locations/${secret.location}`;
    return `${parent}/secrets/${secret.id}`;
  }

  // --- RPCs -----------------------------------------------------------------------------------

  accessSecretVersion(request: { name?: string }): AccessView {
    const { secret, version } = this.#version(request.name);
    if (version.state !== 'ENABLED') {
      throw new FakeStatus(
        'FAILED_PRECONDITION',
        `Secret Version [${this.#versionName(secret, version)}] is in ${version.state} state.`,
      );
    }
    let checksum = version.crc32c;
    if (this.#corruptNext > 0) {
      this.#corruptNext--;
      checksum = (checksum ^ 0x1) >>> 0;
    }
    const name = this.#versionName(secret, version);
    if (this.#dropNext > 0) {
      this.#dropNext--;
      return { name, data: new Uint8Array(version.data) };
    }
    return { name, data: new Uint8Array(version.data), dataCrc32c: String(checksum) };
  }

  getSecretVersion(request: { name?: string }): VersionView {
    const { secret, version } = this.#version(request.name);
    return this.#versionView(secret, version);
  }

  addSecretVersion(request: { parent?: string; data?: Uint8Array; dataCrc32c?: string }): VersionView {
    const parsed = this.#parse(request.parent, false);
    const secret = this.#secret(parsed);
    const data = request.data ?? new Uint8Array(0);
    if (data.byteLength > 65536)
      throw new FakeStatus('INVALID_ARGUMENT', 'Secret payload data exceeds the limit of 65536 bytes.');
    if (
      request.dataCrc32c !== undefined &&
      request.dataCrc32c !== '' &&
      Number(request.dataCrc32c) !== crc32c(data)
    ) {
      throw new FakeStatus(
        'INVALID_ARGUMENT',
        'Checksum mismatch: the data_crc32c does not match the payload.',
      );
    }
    return this.#versionView(secret, this.addVersion(secret, data));
  }

  createSecret(request: { parent?: string; secretId?: string; hasReplication: boolean }): SecretView {
    const match = PARENT.exec(request.parent ?? '');
    if (!match)
      throw new FakeStatus('INVALID_ARGUMENT', `Invalid resource field value in the request: parent.`);
    this.#project(match[1]!);
    const location = match[2];
    const secretId = request.secretId ?? '';
    if (!SECRET_ID.test(secretId)) throw new FakeStatus('INVALID_ARGUMENT', 'Invalid secret ID.');
    if (location === undefined && !request.hasReplication) {
      throw new FakeStatus('INVALID_ARGUMENT', 'Replication policy is required.');
    }
    if (location !== undefined && request.hasReplication) {
      throw new FakeStatus('INVALID_ARGUMENT', 'Replication policy is not supported for regional secrets.');
    }
    if (this.find(secretId, location)) {
      throw new FakeStatus(
        'ALREADY_EXISTS',
        `Secret [${this.#secretNameOf(secretId, location)}] already exists.`,
      );
    }
    return this.#secretView(this.create(secretId, location));
  }

  deleteSecret(request: { name?: string }): Record<string, never> {
    const parsed = this.#parse(request.name, false);
    this.#secret(parsed);
    this.delete(parsed.secretId, parsed.location);
    return {};
  }

  listSecrets(request: { parent?: string; pageSize?: number; pageToken?: string }): Page<SecretView> {
    const match = PARENT.exec(request.parent ?? '');
    if (!match)
      throw new FakeStatus('INVALID_ARGUMENT', 'Invalid resource field value in the request: parent.');
    this.#project(match[1]!);
    const location = match[2];
    const all = [...this.#secrets.values()]
      .filter((secret) => secret.location === location)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((secret) => this.#secretView(secret));
    return this.#page(all, request.pageSize, request.pageToken);
  }

  listSecretVersions(request: {
    parent?: string;
    pageSize?: number;
    pageToken?: string;
    filter?: string;
  }): Page<VersionView> {
    const secret = this.#secret(this.#parse(request.parent, false));
    const state = parseStateFilter(request.filter);
    const all = [...secret.versions]
      .reverse() // newest first
      .filter((version) => state === undefined || version.state === state)
      .map((version) => this.#versionView(secret, version));
    return this.#page(all, request.pageSize, request.pageToken);
  }

  // --- internals ----------------------------------------------------------------------------

  #page<T>(all: T[], pageSize: number | undefined, pageToken: string | undefined): Page<T> {
    const start = pageToken ? Number(pageToken) : 0;
    if (!Number.isInteger(start) || start < 0)
      throw new FakeStatus('INVALID_ARGUMENT', 'Invalid page token.');
    const size = Math.min(pageSize && pageSize > 0 ? pageSize : 25000, this.listPageSize);
    const items = all.slice(start, start + size);
    const next = start + size < all.length ? String(start + size) : '';
    return { items, nextPageToken: next, totalSize: all.length };
  }

  #project(project: string): void {
    if (project !== this.projectId && project !== this.projectNumber) {
      throw new FakeStatus(
        'PERMISSION_DENIED',
        `Permission 'secretmanager.secrets.get' denied for resource 'projects/${project}' (or it may not exist).`,
      );
    }
  }

  #parse(name: string | undefined, withVersion: boolean): Parsed {
    const match = RESOURCE.exec(name ?? '');
    if (!match || (withVersion ? match[4] === undefined : match[4] !== undefined)) {
      throw new FakeStatus('INVALID_ARGUMENT', `Invalid resource field value in the request: ${name ?? ''}.`);
    }
    this.#project(match[1]!);
    return { location: match[2], secretId: match[3]!, version: match[4] };
  }

  #secret(parsed: Parsed): FakeSecret {
    const secret = this.find(parsed.secretId, parsed.location);
    if (!secret) {
      throw new FakeStatus(
        'NOT_FOUND',
        `Secret [${this.#secretNameOf(parsed.secretId, parsed.location)}] not found or has no versions.`,
      );
    }
    return secret;
  }

  #version(name: string | undefined): { secret: FakeSecret; version: FakeVersion } {
    const parsed = this.#parse(name, true);
    const secret = this.#secret(parsed);
    const wanted = parsed.version!;
    let version: FakeVersion | undefined;
    if (wanted === 'latest') version = secret.versions.at(-1);
    else if (/^\d+$/.test(wanted)) version = secret.versions.find((v) => v.number === Number(wanted));
    else {
      const number = secret.aliases.get(wanted);
      version = number === undefined ? undefined : secret.versions.find((v) => v.number === number);
    }
    if (!version) {
      throw new FakeStatus(
        'NOT_FOUND',
        `Secret Version [${this.secretName(secret)}/versions/${wanted}] not found.`,
      );
    }
    return { secret, version };
  }

  #secretNameOf(secretId: string, location: string | undefined): string {
    return this.secretName({ id: secretId, location } as FakeSecret);
  }

  #versionName(secret: FakeSecret, version: FakeVersion): string {
    return `${this.secretName(secret)}/versions/${version.number}`;
  }

  #versionView(secret: FakeSecret, version: FakeVersion): VersionView {
    return {
      name: this.#versionName(secret, version),
      createTime: version.createTime,
      state: version.state,
      ...(version.destroyTime === undefined ? {} : { destroyTime: version.destroyTime }),
      etag: `"${version.number.toString(16)}${version.state.length}"`,
    };
  }

  #secretView(secret: FakeSecret): SecretView {
    return {
      name: this.secretName(secret),
      createTime: secret.createTime,
      ...(secret.location === undefined ? { replication: { automatic: {} } } : {}),
      versionAliases: Object.fromEntries([...secret.aliases].map(([alias, n]) => [alias, String(n)])),
      etag: `"${secret.versions.length.toString(16)}"`,
    };
  }
}

function key(secretId: string, location: string | undefined): string {
  return `${location ?? ''}/${secretId}`;
}
