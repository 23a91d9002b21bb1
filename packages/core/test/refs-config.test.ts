// parseSecretRef and formatSecretRef refuse with CONFIG: malformed refs, unknown schemes and keys,
// credential-bearing refs (naming the key, never its value), and the refs vals would read another way.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatSecretRef, parseSecretRef, type SecretRef, SecretsError } from '../src/index.js';
import { expectThrow } from './expect-error.js';

/** [ref, a fragment the message must contain]. */
const MALFORMED: Array<[string, string]> = [
  ['', 'no "://"'],
  ['awssecrets:/x', 'no "://"'],
  ['awssecrets:x', 'no "://"'],
  ['sm://x', 'unknown scheme "sm"'],
  ['echo://x', 'unknown scheme "echo"'],
  ['https://vault.example.com/v1/secret/x', 'unknown scheme "https"'],
  ['://x', 'unknown scheme ""'],
  ['awssecrets://', 'the name is empty'],
  ['awssecrets://?version=1', 'the name is empty'],
  ['memory://#/a', 'the name is empty'],
  ['memory://   ', 'must not be empty'],
  [`memory://${'x'.repeat(2049)}`, 'the limit is 2048'],
  ['memory://db?', 'a stray "?"'],
  ['memory://db?version=1?x=2', 'a stray "?"'],
  ['memory://db??version=1', 'a stray "?"'],
  ['memory://db#/a?b', 'a stray "?"'],
  ['memory://db#/a#b', 'a stray "#"'],
  ['memory://db#', 'nothing follows "#"'],
  ['memory://db?version=1#', 'nothing follows "#"'],
  ['memory://db#/a~2', '"~" that is not "~0" or "~1"'],
  ['memory://db#/a~', '"~" that is not "~0" or "~1"'],
  ['memory://db\n', 'control character'],
  ['memory://d\tb', 'control character'],
  ['memory://d\u2028b', 'control character'],
  ['memory://d\u0085b', 'control character'],
  ['memory://db?version=%0A', 'decodes to a control character'],
  ['memory://db?version=%zz', 'malformed percent-encoding'],
  ['memory://db?version=', 'empty value'],
  ['memory://db?version', 'a query part has no "="'],
  ['memory://db?version=1&&version=2', 'empty key'],
  ['memory://db?=1', 'empty key'],
  ['memory://db?version=1&version=2', 'given twice'],
  ['memory://db?Version=1', 'unknown query key "Version"'],
  ['memory://db?stage=x', 'unknown query key "stage" for memory:// refs; it takes version'],
  ['doppler://K?version=1', 'it takes no query keys'],
  ['file://x?version=1', 'unknown query key "version" for file://'],
  ['azurekeyvault://myvault/n?stage=x', 'unknown query key "stage"'],
  ['gcpsecrets://p/s?region=x', 'unknown query key "region"'],
  ['vault://secret/a?stage=x', 'unknown query key "stage"'],
  // vals-only query keys
  ['awssecrets://db?role_arn=arn:aws:iam::1:role/x', 'vals option'],
  ['awssecrets://db?profile=prod', 'vals option'],
  ['vault://secret/a?token_env=VT', 'vals option'],
  ['vault://secret/a?auth_method=approle', 'vals option'],
  ['gcpsecrets://p/s?fallback=x', 'vals option'],
  ['gcpsecrets://p/s?trim_nl=true', 'vals option'],
  ['vault://secret/a?mount=secret', 'vals option'],
  // what vals reads differently
  ['ref+vault://secret/app/db', 'write ref+vault://secret/app#/db'],
  ['ref+hashivault://secret/app', 'write ref+vault://secret#/app'],
  ['secretref+openbao://secret/app/db', 'write secretref+openbao://secret/app#/db'],
  ['ref+awssecrets://a+b', 'where vals ends an inline ref'],
  ['ref+memory://db#/a+', 'where vals ends an inline ref'],
  ['secretref+vault://secret/app#/db+', 'where vals ends an inline ref'],
  // awssecrets
  ['awssecrets://db?version=1&version_id=2', 'give "version" or "version_id", not both'],
  ['awssecrets://db?stage=A&version_stage=B', 'give "stage" or "version_stage", not both'],
  ['awssecrets://arn:aws:ssm:us-east-1:123456789012:parameter/x', 'not a Secrets Manager secret ARN'],
  ['awssecrets://arn:aws:secretsmanager:us-east-1:1234:secret:x', 'not a Secrets Manager secret ARN'],
  ['awssecrets://db?region=evil.example.com', 'the region "evil.example.com" is not valid'],
  ['awssecrets://db?region=US-EAST-1', 'the region "US-EAST-1" is not valid'],
  ['awssecrets://db?version=a/b', 'the version "a/b" is not valid'],
  // azurekeyvault
  ['azurekeyvault://myvault', 'azurekeyvault://VAULT/NAME[/VERSION]'],
  ['azurekeyvault://myvault/a/b/c', 'azurekeyvault://VAULT/NAME[/VERSION]'],
  ['azurekeyvault://myvault//x', 'empty segment'],
  ['azurekeyvault://myvault/x//', 'empty segment'],
  ['azurekeyvault://evil.example.com/x', 'is not a vault name or a Key Vault host'],
  ['azurekeyvault://myvault.vault.azure.net.evil.com/x', 'is not a vault name or a Key Vault host'],
  ['azurekeyvault://a1b.c2d.vault.azure.net/x', 'is not a vault name or a Key Vault host'],
  ['azurekeyvault://myvault.vault.azure.net:443/x', 'is not a vault name or a Key Vault host'],
  ['azurekeyvault://user@myvault.vault.azure.net/x', 'is not a vault name or a Key Vault host'],
  ['azurekeyvault://evil.com#.vault.azure.net/x', 'azurekeyvault://VAULT/NAME[/VERSION]'],
  ['azurekeyvault://my_vault/x', 'the vault name "my_vault" is not valid'],
  ['azurekeyvault://-vault/x', 'the vault name "-vault" is not valid'],
  ['azurekeyvault://vault-/x', 'the vault name "vault-" is not valid'],
  ['azurekeyvault://-v.vault.azure.net/x', 'is not a vault name or a Key Vault host'],
  ['azurekeyvault://myvault/x/abc?version=abc', 'the version is given twice'],
  ['azurekeyvault://myvault/x?version=a-b', 'the version "a-b" is not valid'],
  // gcpsecrets
  ['gcpsecrets://a/b/c', 'a GCP ref body is'],
  ['gcpsecrets://projects/p/foo/s', 'a full path is'],
  ['gcpsecrets://projects/p/secrets/s/versions', 'a full path is'],
  ['gcpsecrets://projects/p/secrets/s/versions/1?version=2', 'the version is given twice'],
  ['gcpsecrets://p//s', 'empty segment'],
  ['gcpsecrets://p/s?version=1.5', 'the version "1.5" is not valid'],
  ['gcpsecrets://projects/p/locations/EU/secrets/s', 'the location "EU" is not valid'],
  // vault and openbao
  ['vault:///secret/x', 'empty segment'],
  ['vault://secret/x/', 'empty segment'],
  ['openbao://secret//x', 'empty segment'],
  ['vault://secret/x?version=latest', 'the version "latest" is not valid'],
  ['vault://secret/x?namespace=/ns', 'the namespace "/ns" is not valid'],
  ['vault://secret/x?namespace=ns/', 'the namespace "ns/" is not valid'],
  // doppler
  ['doppler://backend/API_KEY', 'doppler://NAME or doppler://PROJECT/CONFIG/NAME'],
  ['doppler://a/b/c/d', 'doppler://NAME or doppler://PROJECT/CONFIG/NAME'],
  ['doppler://p/c/', 'doppler://NAME or doppler://PROJECT/CONFIG/NAME'],
  ['doppler://backend//API_KEY', 'give both the Doppler project and config, or neither'],
  ['doppler:///prd/API_KEY', 'give both the Doppler project and config, or neither'],
];

describe('parseSecretRef: CONFIG for malformed refs', () => {
  it.each(MALFORMED)('%j', (text, problem) => {
    const error = expectThrow(() => parseSecretRef(text), 'CONFIG');
    expect(error.message).toContain(problem);
    if (text.length < 200) expect(error.message).toContain(JSON.stringify(text).slice(1, 12));
  });

  it.each([42, null, undefined, { scheme: 'memory' }])('refuses a %j that is not a string', (value) => {
    const error = expectThrow(() => parseSecretRef(value as unknown as string), 'CONFIG');
    expect(error.message).toMatch(/^a secret ref must be a string; got /);
  });

  it('names the ref and the problem', () => {
    expect(() => parseSecretRef('memory://db?stage=x')).toThrow(
      'secret ref "memory://db?stage=x": unknown query key "stage" for memory:// refs; it takes version',
    );
  });
});

const CANARY = 'CANARY-cred-7f3a9c1e';

/** Every rendering of `error` and its causes (as the conformance leak check looks). */
function renderings(error: unknown): string[] {
  const texts: string[] = [];
  for (let node = error; node !== undefined; node = (node as { cause?: unknown }).cause) {
    if (node instanceof Error) texts.push(node.message, node.stack ?? '');
    texts.push(String(node), inspect(node, { showHidden: true, depth: 10 }), JSON.stringify(node) ?? '');
  }
  return texts;
}

describe('no credentials in a ref', () => {
  const refused = ['token', 'password', 'secret', 'secret_id', 'role_id', 'client_secret', 'address'];
  const refs = refused.flatMap((key) => [
    `vault://secret/app?${key}=${CANARY}#/db`,
    `awssecrets://db?version=1&${key}=${CANARY}`,
    `ref+vault://secret/app?${key}=${CANARY}`,
    `memory://db?${key.toUpperCase()}=${CANARY}`,
    `memory://db?${key}=${encodeURIComponent(`${CANARY}&x=1`)}`,
  ]);

  it.each(refs)('%s is CONFIG naming the key, never its value', (text) => {
    const error = expectThrow(() => parseSecretRef(text), 'CONFIG');
    expect(error.message).toMatch(/query key "[a-z_]+" is refused|query key "[A-Z_]+" is refused/i);
    expect(error.message).toContain('[redacted]');
    for (const rendering of renderings(error)) expect(rendering).not.toContain(CANARY);
  });

  it.each([
    `memory://db?apikey=${CANARY}`,
    `memory://db?version=1&x=${CANARY}`,
    `awssecrets://db?role_arn=${CANARY}`,
    `memory://db?version=1?token=${CANARY}`,
    `memory://db#/a?token=${CANARY}`,
    `memory://db?token${CANARY}`,
  ])('%s: an unknown or stray key shows no value either', (text) => {
    const error = expectThrow(() => parseSecretRef(text), 'CONFIG');
    for (const rendering of renderings(error)) expect(rendering).not.toContain(CANARY);
  });

  it('an address never reaches a Vault ref, even encoded as a vals option', () => {
    expectThrow(() => parseSecretRef('vault://secret/app?address=https://evil.example.com'), 'CONFIG');
    expectThrow(() => parseSecretRef('openbao://secret/app?ADDRESS=https://evil.example.com'), 'CONFIG');
  });
});

describe('formatSecretRef: CONFIG for refs it cannot write', () => {
  const unwritable: Array<[string, unknown]> = [
    ['a name with "?"', { scheme: 'memory', name: 'a?b', params: {} }],
    ['a name with "#"', { scheme: 'memory', name: 'a#b', params: {} }],
    ['an empty name', { scheme: 'memory', name: '', params: {} }],
    ['an empty pointer', { scheme: 'memory', name: 'a', pointer: [], params: {} }],
    ['a pointer token with "#"', { scheme: 'memory', name: 'a', pointer: ['x#y'], params: {} }],
    ['a param its scheme lacks', { scheme: 'vault', name: 'a', params: { region: 'us-east-1' } }],
    ['a stage on vault', { scheme: 'vault', name: 'a', stage: 'x', params: {} }],
    ['an alias as scheme', { scheme: 'aws-sm', name: 'a', params: {} }],
    ['an unknown scheme', { scheme: 'echo', name: 'a', params: {} }],
    ['an Azure ref without vaultUrl', { scheme: 'azurekeyvault', name: 'a', params: {} }],
    [
      'an Azure ref to another host',
      { scheme: 'azurekeyvault', name: 'a', params: { vaultUrl: 'https://evil.com' } },
    ],
    ['a GCP location without project', { scheme: 'gcpsecrets', name: 's', params: { location: 'us-east1' } }],
    ['a Doppler project without config', { scheme: 'doppler', name: 'K', params: { project: 'p' } }],
    ['a file ref with a version', { scheme: 'file', name: '/x', version: '1', params: {} }],
    ['no params', { scheme: 'memory', name: 'a' }],
    ['a pointer that is not an array', { scheme: 'memory', name: 'a', pointer: 'x', params: {} }],
    ['null', null],
    ['a string', 'memory://a'],
  ];

  it.each(unwritable)('%s', (_what, ref) => {
    const error = expectThrow(() => formatSecretRef(ref as SecretRef), 'CONFIG');
    expect(error).toBeInstanceOf(SecretsError);
    expect(error.message).toMatch(/^formatSecretRef/);
  });
});
