// Vault answers → SecretRecords (DESIGN §5): value = JSON text of the data map (KV v2: data.data),
// version = the KV v2 version as a decimal string, a lease only when lease_id is non-empty.
import { type Lease, type SecretRecord, SecretsError } from '@secretkit/core';
import { PROVIDER_NAME } from './error-mapping.js';
import type { VaultBody } from './transport.js';

export interface KvV2Metadata {
  version?: unknown;
  created_time?: unknown;
  deletion_time?: unknown;
  destroyed?: unknown;
}

/** A KV v1 or dynamic-engine answer. */
export function plainRecord(name: string, body: VaultBody): SecretRecord {
  const data = body.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SecretsError('NOT_FOUND', `"${name}" has no data`, {
      provider: PROVIDER_NAME,
      secretName: name,
    });
  }
  const lease = leaseOf(body);
  return { name, value: JSON.stringify(data), ...(lease === undefined ? {} : { lease }) };
}

/** A KV v2 `data/` answer; a deleted version is NOT_FOUND, a destroyed one DISABLED. */
export function kv2Record(name: string, body: VaultBody): SecretRecord {
  const outer = (body.data ?? {}) as { data?: unknown; metadata?: KvV2Metadata | null };
  const metadata = outer.metadata ?? {};
  assertLiveVersion(name, metadata);
  const data = outer.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SecretsError('NOT_FOUND', `"${name}" has no data`, {
      provider: PROVIDER_NAME,
      secretName: name,
    });
  }
  const record: SecretRecord = { name, value: JSON.stringify(data) };
  if (typeof metadata.version === 'number') record.version = String(metadata.version);
  const created = typeof metadata.created_time === 'string' ? new Date(metadata.created_time) : undefined;
  if (created !== undefined && !Number.isNaN(created.getTime())) record.createdAt = created;
  return record;
}

/** NOT_FOUND for a soft-deleted version, DISABLED for a destroyed one. */
export function assertLiveVersion(name: string, metadata: KvV2Metadata): void {
  const version = typeof metadata.version === 'number' ? ` version ${metadata.version}` : '';
  if (metadata.destroyed === true) {
    throw new SecretsError('DISABLED', `"${name}"${version} was destroyed`, {
      provider: PROVIDER_NAME,
      secretName: name,
    });
  }
  if (typeof metadata.deletion_time === 'string' && metadata.deletion_time !== '') {
    throw new SecretsError('NOT_FOUND', `"${name}"${version} was deleted`, {
      provider: PROVIDER_NAME,
      secretName: name,
    });
  }
}

/** The lease of an answer: only when lease_id is non-empty (KV v1's lease_duration is a hint). */
export function leaseOf(body: VaultBody): Lease | undefined {
  if (typeof body.lease_id !== 'string' || body.lease_id === '') return undefined;
  const seconds = typeof body.lease_duration === 'number' ? body.lease_duration : 0;
  return { id: body.lease_id, ttlMs: seconds * 1000, renewable: body.renewable === true };
}
