// The answers of the fake's RPCs, transport-neutral (the REST and gRPC layers encode times, bytes
// and enums), and the one ListSecretVersions filter the fake understands.
import { FakeStatus } from './fake-status.js';
import type { VersionState } from './fake-store.js';

export interface VersionView {
  name: string;
  createTime: Date;
  state: VersionState;
  destroyTime?: Date;
  etag: string;
}
export interface AccessView {
  name: string;
  data: Uint8Array;
  dataCrc32c?: string;
}
export interface SecretView {
  name: string;
  createTime: Date;
  replication?: { automatic: Record<string, never> };
  versionAliases: Record<string, string>;
  etag: string;
}
export interface Page<T> {
  items: T[];
  nextPageToken: string;
  totalSize: number;
}

/** `state:ENABLED` / `state=ENABLED` (the only filter the fake understands); undefined for none. */
export function parseStateFilter(filter: string | undefined): VersionState | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const match = /^\s*state\s*[:=]\s*(ENABLED|DISABLED|DESTROYED)\s*$/i.exec(filter);
  if (!match)
    throw new FakeStatus('INVALID_ARGUMENT', `The fake does not understand the filter "${filter}".`);
  return match[1]!.toUpperCase() as VersionState;
}
