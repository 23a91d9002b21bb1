// A file's version is its content: the first 16 hex characters (64 bits) of the SHA-256 of its
// bytes, so any rewrite with new content is a rotation and an identical rewrite is none.
import { createHash } from 'node:crypto';

/** Hex characters of the digest kept as the version. */
export const VERSION_HEX_LENGTH = 16;

export function contentVersion(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, VERSION_HEX_LENGTH);
}
