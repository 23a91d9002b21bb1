// isSecretRef: an optional ref+/secretref+, a known scheme or alias (any case), then "://". It is
// the cheap test that decides which strings a resolver treats as refs; it does not validate the rest.
import { describe, expect, it } from 'vitest';
import { isSecretRef, parseSecretRef, SECRET_REF_ALIASES, SECRET_REF_SCHEMES } from '../src/index.js';

describe('isSecretRef', () => {
  const names = [...SECRET_REF_SCHEMES, ...Object.keys(SECRET_REF_ALIASES)];

  it.each(names.flatMap((name) => [`${name}://x`, `ref+${name}://x`, `secretref+${name.toUpperCase()}://x`]))(
    '%s is a ref',
    (text) => expect(isSecretRef(text)).toBe(true),
  );

  it.each([
    'awssecrets:/x',
    'awssecrets:x',
    'echo://x',
    'https://example.com',
    's3://bucket/key',
    ' awssecrets://x',
    'ref+ref+awssecrets://x',
    'Ref+awssecrets://x',
    'REF+awssecrets://x',
    'ref+',
    'ref+echo://x',
    'password123',
    'postgres://user:pw@host/db',
    '',
  ])('%j is not a ref', (text) => expect(isSecretRef(text)).toBe(false));

  it.each([42, null, undefined, {}, ['awssecrets://x']])('%j (not a string) is not a ref', (value) => {
    expect(isSecretRef(value as unknown as string)).toBe(false);
  });

  it('is true for malformed refs of a known scheme: parseSecretRef then says what is wrong', () => {
    expect(isSecretRef('awssecrets://')).toBe(true);
    expect(isSecretRef('vault://secret/x?token=t')).toBe(true);
    expect(() => parseSecretRef('awssecrets://')).toThrow(/the name is empty/);
  });

  it('lists the eight schemes of DESIGN §8 and their aliases', () => {
    expect(SECRET_REF_SCHEMES).toEqual([
      'awssecrets',
      'azurekeyvault',
      'gcpsecrets',
      'vault',
      'openbao',
      'doppler',
      'file',
      'memory',
    ]);
    expect(SECRET_REF_ALIASES).toEqual({
      'aws-sm': 'awssecrets',
      awssecretsmanager: 'awssecrets',
      'azure-kv': 'azurekeyvault',
      'gcp-sm': 'gcpsecrets',
      gcpsecretmanager: 'gcpsecrets',
      hashivault: 'vault',
    });
  });
});
