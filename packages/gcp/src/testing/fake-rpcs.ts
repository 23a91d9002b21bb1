// The seven RPCs the fake answers, transport-neutral, over the store: what Secret Manager v1 does for
// each request and the errors it answers with (FakeStatus). The REST and gRPC layers call these.
import { crc32c } from '../crc32c.js';
import { FakeStatus } from './fake-status.js';
import { type FakeSecretStore, PARENT } from './fake-store.js';
import {
  type AccessView,
  type Page,
  parseStateFilter,
  type SecretView,
  type VersionView,
} from './fake-views.js';

const SECRET_ID = /^[A-Za-z0-9_-]{1,255}$/;
/** The service's payload limit. */
const MAX_PAYLOAD_BYTES = 65536;

export interface ListRequest {
  parent?: string;
  pageSize?: number;
  pageToken?: string;
}

export class SecretManagerRpcs {
  constructor(readonly store: FakeSecretStore) {}

  accessSecretVersion(request: { name?: string }): AccessView {
    const { secret, version } = this.store.version(request.name);
    const name = this.store.versionName(secret, version);
    if (version.state !== 'ENABLED') {
      throw new FakeStatus('FAILED_PRECONDITION', `Secret Version [${name}] is in ${version.state} state.`);
    }
    let checksum = version.crc32c;
    if (this.store.corruptNext > 0) {
      this.store.corruptNext--;
      checksum = (checksum ^ 0x1) >>> 0;
    }
    if (this.store.dropNext > 0) {
      this.store.dropNext--;
      return { name, data: new Uint8Array(version.data) };
    }
    return { name, data: new Uint8Array(version.data), dataCrc32c: String(checksum) };
  }

  getSecretVersion(request: { name?: string }): VersionView {
    const { secret, version } = this.store.version(request.name);
    return this.store.versionView(secret, version);
  }

  addSecretVersion(request: { parent?: string; data?: Uint8Array; dataCrc32c?: string }): VersionView {
    const secret = this.store.secret(this.store.parse(request.parent, false));
    const data = request.data ?? new Uint8Array(0);
    if (data.byteLength > MAX_PAYLOAD_BYTES) {
      throw new FakeStatus(
        'INVALID_ARGUMENT',
        `Secret payload data exceeds the limit of ${MAX_PAYLOAD_BYTES} bytes.`,
      );
    }
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
    return this.store.versionView(secret, this.store.addVersion(secret, data));
  }

  createSecret(request: { parent?: string; secretId?: string; hasReplication: boolean }): SecretView {
    const location = this.#parent(request.parent);
    const secretId = request.secretId ?? '';
    if (!SECRET_ID.test(secretId)) throw new FakeStatus('INVALID_ARGUMENT', 'Invalid secret ID.');
    if (location === undefined && !request.hasReplication) {
      throw new FakeStatus('INVALID_ARGUMENT', 'Replication policy is required.');
    }
    if (location !== undefined && request.hasReplication) {
      throw new FakeStatus('INVALID_ARGUMENT', 'Replication policy is not supported for regional secrets.');
    }
    if (this.store.find(secretId, location)) {
      throw new FakeStatus(
        'ALREADY_EXISTS',
        `Secret [${this.store.secretName(secretId, location)}] already exists.`,
      );
    }
    return this.store.secretView(this.store.create(secretId, location));
  }

  deleteSecret(request: { name?: string }): Record<string, never> {
    const parsed = this.store.parse(request.name, false);
    this.store.secret(parsed);
    this.store.delete(parsed.secretId, parsed.location);
    return {};
  }

  listSecrets(request: ListRequest): Page<SecretView> {
    const location = this.#parent(request.parent);
    const all = this.store
      .all()
      .filter((secret) => secret.location === location)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((secret) => this.store.secretView(secret));
    return this.store.page(all, request.pageSize, request.pageToken);
  }

  listSecretVersions(request: ListRequest & { filter?: string }): Page<VersionView> {
    const secret = this.store.secret(this.store.parse(request.parent, false));
    const state = parseStateFilter(request.filter);
    const all = [...secret.versions]
      .reverse() // newest first
      .filter((version) => state === undefined || version.state === state)
      .map((version) => this.store.versionView(secret, version));
    return this.store.page(all, request.pageSize, request.pageToken);
  }

  /** The location of a `projects/p[/locations/l]` parent (its project checked). */
  #parent(parent: string | undefined): string | undefined {
    const match = PARENT.exec(parent ?? '');
    if (!match)
      throw new FakeStatus('INVALID_ARGUMENT', 'Invalid resource field value in the request: parent.');
    this.store.checkProject(match[1]!);
    return match[2];
  }
}
