// Vault answers → SecretRecords (DESIGN §5): the data map's JSON text, the KV v2 version, a lease
// only when lease_id is set; an answer without its data map is malformed (UNAVAILABLE).
import type { Lease, SecretRecord } from '@secretkit/core';
import type { AdapterKit } from '@secretkit/core/adapter';
import type { VaultBody } from './transport.js';

export interface KvV2Metadata {
  version?: unknown;
  created_time?: unknown;
  deletion_time?: unknown;
  destroyed?: unknown;
}

/** A KV v1 or dynamic-engine answer. */
export function plainRecord(kit: AdapterKit, name: string, body: VaultBody): SecretRecord {
  const data = dataMap(kit, name, body.data);
  const lease = leaseOf(body);
  return { name, value: JSON.stringify(data), ...(lease === undefined ? {} : { lease }) };
}

/** A KV v2 `data/` answer; a deleted version is NOT_FOUND, a destroyed one DISABLED. */
export function kv2Record(kit: AdapterKit, name: string, body: VaultBody): SecretRecord {
  const outer = dataMap(kit, name, body.data) as { data?: unknown; metadata?: unknown };
  const metadata = (isMap(outer.metadata) ? outer.metadata : {}) as KvV2Metadata;
  assertLiveVersion(kit, name, metadata);
  const data = dataMap(kit, name, outer.data);
  const record: SecretRecord = { name, value: JSON.stringify(data) };
  if (typeof metadata.version === 'number') record.version = String(metadata.version);
  const created = typeof metadata.created_time === 'string' ? new Date(metadata.created_time) : undefined;
  if (created !== undefined && !Number.isNaN(created.getTime())) record.createdAt = created;
  return record;
}

/**
 * NOT_FOUND for a soft-deleted version, DISABLED for a destroyed one. `status` is the HTTP status
 * the metadata came with (KV v2 answers a deleted version's read with 404).
 */
export function assertLiveVersion(
  kit: AdapterKit,
  name: string,
  metadata: KvV2Metadata,
  status?: number,
): void {
  const version = typeof metadata.version === 'number' ? `version ${metadata.version}` : 'the version';
  const statusCode = status === undefined ? {} : { statusCode: status };
  if (metadata.destroyed === true) {
    throw kit.error('DISABLED', `${kit.label}: secret "${name}" ${version} was destroyed`, {
      name,
      ...statusCode,
    });
  }
  if (typeof metadata.deletion_time === 'string' && metadata.deletion_time !== '') {
    throw kit.error('NOT_FOUND', `${kit.label}: secret "${name}" was not found (${version} was deleted)`, {
      name,
      ...statusCode,
    });
  }
}

/** The lease of an answer: only when lease_id is non-empty (KV v1's lease_duration is a hint). */
export function leaseOf(body: VaultBody): Lease | undefined {
  if (typeof body.lease_id !== 'string' || body.lease_id === '') return undefined;
  const seconds = typeof body.lease_duration === 'number' ? body.lease_duration : 0;
  return { id: body.lease_id, ttlMs: seconds * 1000, renewable: body.renewable === true };
}

function dataMap(kit: AdapterKit, name: string, data: unknown): Record<string, unknown> {
  if (!isMap(data)) throw kit.malformed(name, 'no data map');
  return data;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
