// The errno table: what each fs failure becomes, with a cleaned cause that keeps the errno code.
// (The common codes are also provoked for real in file-reads.test.ts.)
import { SecretsError, type SecretsErrorCode } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import { ERRNO_CODES, fileKit } from '../src/file-errors.js';

/** An error shaped as Node's fs errors are. */
function fsError(code: string): Error {
  return Object.assign(new Error(`${code}: something, open '/run/secrets/db'`), {
    code,
    errno: -1,
    syscall: 'open',
    path: '/run/secrets/db',
  });
}

describe('errno → code', () => {
  const table: Array<[string, SecretsErrorCode, boolean]> = [
    ['ENOENT', 'NOT_FOUND', false],
    ['ENOTDIR', 'NOT_FOUND', false],
    ['EACCES', 'ACCESS_DENIED', false],
    ['EPERM', 'ACCESS_DENIED', false],
    ['EISDIR', 'INVALID_REQUEST', false],
    ['ELOOP', 'INVALID_REQUEST', false],
    ['ENAMETOOLONG', 'INVALID_REQUEST', false],
    ['ENXIO', 'INVALID_REQUEST', false],
    ['EMFILE', 'UNAVAILABLE', true],
    ['ENFILE', 'UNAVAILABLE', true],
    ['EAGAIN', 'UNAVAILABLE', true],
    ['EBUSY', 'UNAVAILABLE', true],
    ['EIO', 'UNAVAILABLE', true],
    ['ESTALE', 'UNAVAILABLE', true],
    ['ETIMEDOUT', 'TIMEOUT', true],
    ['EWHATEVER', 'UNKNOWN', false],
  ];

  it.each(table)('%s is %s (retryable: %s)', (errno, code, retryable) => {
    const error = fileKit.fromError(fsError(errno), { name: 'db' });
    expect(error).toBeInstanceOf(SecretsError);
    expect(error.code).toBe(code);
    expect(error.retryable).toBe(retryable);
    expect(error.provider).toBe('file');
    expect(error.secretName).toBe('db');
    expect(error.message).toContain(errno);
    expect((error.cause as { code?: string }).code).toBe(errno);
    expect(error.cause).not.toHaveProperty('path');
  });

  it('covers every code of the table', () => {
    expect(Object.keys(ERRNO_CODES).sort()).toEqual(
      table
        .slice(0, -1)
        .map(([errno]) => errno)
        .sort(),
    );
  });

  it('an aborted signal wins over the errno', () => {
    const controller = new AbortController();
    controller.abort();
    expect(fileKit.fromError(fsError('ENOENT'), { name: 'db', signal: controller.signal }).code).toBe(
      'ABORTED',
    );
  });
});
