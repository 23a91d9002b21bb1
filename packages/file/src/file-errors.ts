// The file provider's error builder (@secretkit/core/adapter) and its errno table: what a failed
// open, stat or read means as a SecretsError code. Node's fs errors never carry file content.

import type { SecretsErrorCode } from '@secretkit/core';
import { defineAdapter, type ErrorFacts } from '@secretkit/core/adapter';

export const PROVIDER_NAME = 'file';

/** errno code → SecretsError code; any other errno is UNKNOWN. */
export const ERRNO_CODES: Readonly<Record<string, SecretsErrorCode>> = {
  ENOENT: 'NOT_FOUND',
  ENOTDIR: 'NOT_FOUND',
  EACCES: 'ACCESS_DENIED',
  EPERM: 'ACCESS_DENIED',
  EISDIR: 'INVALID_REQUEST',
  ELOOP: 'INVALID_REQUEST',
  ENAMETOOLONG: 'INVALID_REQUEST',
  ENXIO: 'INVALID_REQUEST',
  EMFILE: 'UNAVAILABLE',
  ENFILE: 'UNAVAILABLE',
  EAGAIN: 'UNAVAILABLE',
  EBUSY: 'UNAVAILABLE',
  EIO: 'UNAVAILABLE',
  ESTALE: 'UNAVAILABLE',
  ETIMEDOUT: 'TIMEOUT',
};

/** The facts of a Node fs error: its class name, errno code and message (never content). */
function describeFsError(error: unknown): ErrorFacts {
  const source = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  return {
    name: typeof source.name === 'string' ? source.name : 'Error',
    ...(typeof source.code === 'string' ? { systemCode: source.code } : {}),
    ...(typeof source.message === 'string' ? { message: source.message } : {}),
  };
}

export const fileKit = defineAdapter({
  provider: PROVIDER_NAME,
  label: 'file provider',
  factory: 'createFileProvider',
  describe: describeFsError,
  classify: (facts) => (facts.systemCode === undefined ? undefined : ERRNO_CODES[facts.systemCode]),
});
