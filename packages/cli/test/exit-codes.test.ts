// The sysexits mapping of DESIGN §10, for every SecretsError code.
import { SECRETS_ERROR_CODES, SecretsError } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, exitCodeForCode } from '../src/exit-codes.js';

const EXPECTED: Record<string, number> = {
  CONFIG: 64,
  NOT_FOUND: 66,
  ACCESS_DENIED: 77,
  UNAUTHENTICATED: 77,
  UNAVAILABLE: 69,
  THROTTLED: 69,
  TIMEOUT: 69,
  PARSE: 65,
  WRONG_TYPE: 65,
  INTEGRITY: 65,
};

describe('exit codes', () => {
  it.each([...SECRETS_ERROR_CODES])('%s', (code) => {
    expect(exitCodeForCode(code)).toBe(EXPECTED[code] ?? 70);
    expect(exitCodeFor(new SecretsError(code, 'x'))).toBe(EXPECTED[code] ?? 70);
  });

  it('anything that is not a SecretsError is 70', () => {
    expect(exitCodeFor(new TypeError('x'))).toBe(70);
    expect(exitCodeFor('string')).toBe(70);
  });
});
