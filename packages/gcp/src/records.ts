// AccessSecretVersion responses → SecretRecords: checksum verified before anything else, bytes kept
// exact, the version number taken from the response's resolved name.
import type { protos } from '@google-cloud/secret-manager';
import { type SecretRecord, SecretsError } from '@secretkit/core';
import { checksumFromWire, crc32c } from './crc32c.js';
import { PROVIDER_NAME } from './error-mapping.js';
import { versionFromName } from './names.js';

type AccessResponse = protos.google.cloud.secretmanager.v1.IAccessSecretVersionResponse;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The payload bytes as a fresh Uint8Array (a Buffer from gRPC, base64 or bytes from REST). */
export function payloadBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return new Uint8Array(data);
  if (typeof data === 'string') return new Uint8Array(Buffer.from(data, 'base64'));
  return new Uint8Array(0);
}

/**
 * The record for `name`. A payload whose CRC32C does not match `dataCrc32c` is INTEGRITY (not
 * retryable) and its bytes are zeroed: the value never reaches a caller. A missing checksum is
 * accepted, as gcloud does. Valid UTF-8 is returned as a string (exact: it re-encodes to the same
 * bytes), anything else as the bytes.
 */
export function toRecord(name: string, response: AccessResponse): SecretRecord {
  const bytes = payloadBytes(response.payload?.data);
  const expected = checksumFromWire(response.payload?.dataCrc32c);
  if (expected !== undefined && crc32c(bytes) !== expected) {
    bytes.fill(0);
    throw new SecretsError(
      'INTEGRITY',
      `Google Secret Manager: the payload of "${name}" failed its CRC32C check`,
      {
        provider: PROVIDER_NAME,
        secretName: name,
        retryable: false,
      },
    );
  }
  const version = versionFromName(response.name);
  return {
    name,
    value: decodeText(bytes),
    ...(version === undefined ? {} : { version }),
    ...(typeof response.name === 'string' ? { metadata: { versionName: response.name } } : {}),
  };
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
