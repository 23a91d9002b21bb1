// The fake's state, transport-neutral: secrets with versions, states, aliases and checksums in
// global or regional locations; name parsing and lookups with Secret Manager's errors (FakeStatus),
// and the views the RPCs answer with. The RPCs themselves are in fake-rpcs.ts.
import { crc32c } from '../crc32c.js';
import { FakeStatus } from './fake-status.js';
import type { Page, SecretView, VersionView } from './fake-views.js';

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

/** A resource name taken apart (the project already checked). */
export interface ParsedName {
  location: string | undefined;
  secretId: string;
  version: string | undefined;
}

const RESOURCE = /^projects\/([^/]+)(?:\/locations\/([^/]+))?\/secrets\/([^/]+)(?:\/versions\/([^/]+))?$/;
export const PARENT = /^projects\/([^/]+)(?:\/locations\/([^/]+))?$/;

export class FakeSecretStore {
  readonly #secrets = new Map<string, FakeSecret>();
  /** AccessSecretVersion answers still to carry a wrong / no checksum. */
  corruptNext = 0;
  dropNext = 0;

  constructor(
    readonly projectId: string,
    readonly projectNumber: string,
    readonly listPageSize: number,
    readonly now: () => number = Date.now,
  ) {}

  find(secretId: string, location: string | undefined): FakeSecret | undefined {
    return this.#secrets.get(key(secretId, location));
  }

  all(): FakeSecret[] {
    return [...this.#secrets.values()];
  }

  create(secretId: string, location: string | undefined): FakeSecret {
    const secret: FakeSecret = {
      id: secretId,
      location,
      createTime: new Date(this.now()),
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
      createTime: new Date(this.now()),
    };
    secret.versions.push(version);
    return version;
  }

  delete(secretId: string, location: string | undefined): boolean {
    return this.#secrets.delete(key(secretId, location));
  }

  clear(): void {
    this.#secrets.clear();
    this.corruptNext = 0;
    this.dropNext = 0;
  }

  /** Resource names as the service writes them: with the project number. */
  secretName(secretId: string, location: string | undefined): string {
    const parent =
      location === undefined
        ? `projects/${this.projectNumber}`
        : `projects/${this.projectNumber}/locations/${location}`;
    return `${parent}/secrets/${secretId}`;
  }

  versionName(secret: FakeSecret, version: FakeVersion): string {
    return `${this.secretName(secret.id, secret.location)}/versions/${version.number}`;
  }

  /** PERMISSION_DENIED for a project the fake does not answer for (as the service does). */
  checkProject(project: string): void {
    if (project !== this.projectId && project !== this.projectNumber) {
      throw new FakeStatus(
        'PERMISSION_DENIED',
        `Permission 'secretmanager.secrets.get' denied for resource 'projects/${project}' (or it may not exist).`,
      );
    }
  }

  /** A secret (or, `withVersion`, a version) resource name, its project checked. */
  parse(name: string | undefined, withVersion: boolean): ParsedName {
    const match = RESOURCE.exec(name ?? '');
    if (!match || (withVersion ? match[4] === undefined : match[4] !== undefined)) {
      throw new FakeStatus('INVALID_ARGUMENT', `Invalid resource field value in the request: ${name ?? ''}.`);
    }
    this.checkProject(match[1]!);
    return { location: match[2], secretId: match[3]!, version: match[4] };
  }

  /** The secret a parsed name names, or NOT_FOUND. */
  secret(parsed: ParsedName): FakeSecret {
    const secret = this.find(parsed.secretId, parsed.location);
    if (!secret) {
      throw new FakeStatus(
        'NOT_FOUND',
        `Secret [${this.secretName(parsed.secretId, parsed.location)}] not found or has no versions.`,
      );
    }
    return secret;
  }

  /** The version a version name names (`latest`, a number or an alias), or NOT_FOUND. */
  version(name: string | undefined): { secret: FakeSecret; version: FakeVersion } {
    const parsed = this.parse(name, true);
    const secret = this.secret(parsed);
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
        `Secret Version [${this.secretName(secret.id, secret.location)}/versions/${wanted}] not found.`,
      );
    }
    return { secret, version };
  }

  versionView(secret: FakeSecret, version: FakeVersion): VersionView {
    return {
      name: this.versionName(secret, version),
      createTime: version.createTime,
      state: version.state,
      ...(version.destroyTime === undefined ? {} : { destroyTime: version.destroyTime }),
      etag: `"${version.number.toString(16)}${version.state.length}"`,
    };
  }

  secretView(secret: FakeSecret): SecretView {
    return {
      name: this.secretName(secret.id, secret.location),
      createTime: secret.createTime,
      ...(secret.location === undefined ? { replication: { automatic: {} } } : {}),
      versionAliases: Object.fromEntries([...secret.aliases].map(([alias, n]) => [alias, String(n)])),
      etag: `"${secret.versions.length.toString(16)}"`,
    };
  }

  /** One page of `all`: `pageToken` is an offset, the page at most `listPageSize`. */
  page<T>(all: T[], pageSize: number | undefined, pageToken: string | undefined): Page<T> {
    const start = pageToken ? Number(pageToken) : 0;
    if (!Number.isInteger(start) || start < 0)
      throw new FakeStatus('INVALID_ARGUMENT', 'Invalid page token.');
    const size = Math.min(pageSize && pageSize > 0 ? pageSize : 25000, this.listPageSize);
    const items = all.slice(start, start + size);
    const next = start + size < all.length ? String(start + size) : '';
    return { items, nextPageToken: next, totalSize: all.length };
  }
}

function key(secretId: string, location: string | undefined): string {
  return `${location ?? ''}/${secretId}`;
}
