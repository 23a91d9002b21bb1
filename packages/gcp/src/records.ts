// Secret Manager answers → what the provider returns: AccessSecretVersion → SecretRecord (checksum
// verified before anything else, bytes kept exact, the version number from the resolved name), and
// the version a GetSecretVersion probe names. An answer without its resolved name is malformed.
import type { protos } from '@google-cloud/secret-manager';
import type { SecretRecord } from '@secretkit/core';
import { checksumFromWire, crc32c } from './crc32c.js';
import { type GcpKit, LABEL } from './errors.js';
import { versionFromName } from './names.js';

type AccessResponse = protos.google.cloud.secretmanager.v1.IAccessSecretVersionResponse;
type VersionResponse = protos.google.cloud.secretmanager.v1.ISecretVersion;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The payload bytes as a fresh Uint8Array (a Buffer from gRPC, base64 or bytes from REST). */
export function payloadBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return new Uint8Array(data);
  if (typeof data === 'string') return new Uint8Array(Buffer.from(data, 'base64'));
  return new Uint8Array(0);
}

/**
 * The record for `name`. An answer without a version name or a payload is malformed (UNAVAILABLE: a
 * proxy's `{}`, never an empty secret). A payload whose CRC32C does not match `dataCrc32c` is
 * INTEGRITY (not retryable) and its bytes are zeroed: the value never reaches a caller. A missing
 * checksum is accepted, as gcloud does. Valid UTF-8 is returned as a string (exact: it re-encodes to
 * the same bytes), anything else as the bytes.
 */
export function toRecord(kit: GcpKit, name: string, response: AccessResponse | undefined): SecretRecord {
  const version = versionFromName(response?.name);
  if (version === undefined || typeof response?.payload !== 'object' || response.payload === null) {
    throw kit.malformed(name, version === undefined ? 'no version name' : 'no payload');
  }
  const bytes = payloadBytes(response.payload.data);
  const expected = checksumFromWire(response.payload.dataCrc32c);
  if (expected !== undefined && crc32c(bytes) !== expected) {
    bytes.fill(0);
    throw kit.error('INTEGRITY', `${LABEL}: the payload of "${name}" failed its CRC32C check`, {
      name,
      retryable: false,
    });
  }
  return {
    name,
    value: decodeText(bytes),
    version,
    metadata: { versionName: String(response.name) },
  };
}

/** A GetSecretVersion answer: its version number and state; malformed without a version name. */
export function probedVersion(
  kit: GcpKit,
  name: string,
  metadata: VersionResponse | undefined,
): { number: string; state: string } {
  const number = versionFromName(metadata?.name);
  if (number === undefined) throw kit.malformed(name, 'no version name');
  return { number, state: stateName(metadata?.state) };
}

function decodeText(bytes: Uint8Array): string | Uint8Array {
  try {
    return UTF8.decode(bytes);
  } catch {
    return bytes;
  }
}

/** SecretVersion.state as a name: the gRPC client gives names, REST with numeric enums may give 1/2/3. */
export function stateName(state: unknown): string {
  if (state === 1 || state === 'ENABLED') return 'ENABLED';
  if (state === 2 || state === 'DISABLED') return 'DISABLED';
  if (state === 3 || state === 'DESTROYED') return 'DESTROYED';
  return 'STATE_UNSPECIFIED';
}
