// parseSecretRef on valid refs: every scheme and alias of DESIGN §8 gives the SecretRef of its table
// row, and printing it back (formatSecretRef) gives the canonical text, which parses to the same ref.
import { describe, expect, it } from 'vitest';
import { formatSecretRef, parseSecretRef, type SecretRef } from '../src/index.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbC123';

/** [ref text, the SecretRef it gives, its canonical text]. */
type ValidRef = [string, SecretRef, string];

/** The row for secret `db` in the Azure vault at `host`: its vault URL and the host it prints as. */
const azureVaultHost = (host: string, vaultUrl: string, printedHost: string): ValidRef => [
  `azurekeyvault://${host}/db`,
  { scheme: 'azurekeyvault', name: 'db', params: { vaultUrl } },
  `azurekeyvault://${printedHost}/db`,
];

const VALID: ValidRef[] = [
  // awssecrets and its aliases
  ['awssecrets://prod/db', { scheme: 'awssecrets', name: 'prod/db', params: {} }, 'awssecrets://prod/db'],
  ['aws-sm://prod/db', { scheme: 'awssecrets', name: 'prod/db', params: {} }, 'awssecrets://prod/db'],
  [
    'awssecretsmanager://prod/db',
    { scheme: 'awssecrets', name: 'prod/db', params: {} },
    'awssecrets://prod/db',
  ],
  ['AWSSecrets://prod/db', { scheme: 'awssecrets', name: 'prod/db', params: {} }, 'awssecrets://prod/db'],
  [
    'awssecrets://prod/db?stage=AWSPENDING#/password',
    { scheme: 'awssecrets', name: 'prod/db', stage: 'AWSPENDING', pointer: ['password'], params: {} },
    'awssecrets://prod/db?stage=AWSPENDING#/password',
  ],
  [
    'awssecrets://prod/db?version_stage=AWSPREVIOUS&version_id=a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    {
      scheme: 'awssecrets',
      name: 'prod/db',
      version: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
      stage: 'AWSPREVIOUS',
      params: {},
    },
    'awssecrets://prod/db?version=a1b2c3d4-5678-90ab-cdef-EXAMPLE11111&stage=AWSPREVIOUS',
  ],
  [
    'awssecrets://prod/db?region=us-gov-west-1',
    { scheme: 'awssecrets', name: 'prod/db', params: { region: 'us-gov-west-1' } },
    'awssecrets://prod/db?region=us-gov-west-1',
  ],
  [
    `awssecrets://${ARN}`,
    { scheme: 'awssecrets', name: ARN, params: { region: 'eu-west-1' } },
    `awssecrets://${ARN}`,
  ],
  [
    `awssecrets://${ARN}?region=us-east-1&version=v1#/user`,
    { scheme: 'awssecrets', name: ARN, version: 'v1', pointer: ['user'], params: { region: 'us-east-1' } },
    `awssecrets://${ARN}?version=v1&region=us-east-1#/user`,
  ],
  [
    'awssecrets://arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x-AbCdEf',
    {
      scheme: 'awssecrets',
      name: 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x-AbCdEf',
      params: { region: 'cn-north-1' },
    },
    'awssecrets://arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x-AbCdEf',
  ],
  ['awssecrets://a+b=c@d', { scheme: 'awssecrets', name: 'a+b=c@d', params: {} }, 'awssecrets://a+b=c@d'],
  // azurekeyvault and its alias
  [
    'azurekeyvault://myvault/db-password',
    { scheme: 'azurekeyvault', name: 'db-password', params: { vaultUrl: 'https://myvault.vault.azure.net' } },
    'azurekeyvault://myvault/db-password',
  ],
  [
    'azure-kv://MyVault/db-password/0123456789abcdef0123456789abcdef',
    {
      scheme: 'azurekeyvault',
      name: 'db-password',
      version: '0123456789abcdef0123456789abcdef',
      params: { vaultUrl: 'https://myvault.vault.azure.net' },
    },
    'azurekeyvault://myvault/db-password?version=0123456789abcdef0123456789abcdef',
  ],
  [
    'azurekeyvault://myvault/db-password/',
    { scheme: 'azurekeyvault', name: 'db-password', params: { vaultUrl: 'https://myvault.vault.azure.net' } },
    'azurekeyvault://myvault/db-password',
  ],
  [
    'azurekeyvault://myvault.vault.azure.net/db?version=abc123',
    {
      scheme: 'azurekeyvault',
      name: 'db',
      version: 'abc123',
      params: { vaultUrl: 'https://myvault.vault.azure.net' },
    },
    'azurekeyvault://myvault/db?version=abc123',
  ],
  // the vault host: a public-cloud vault prints as its short name, other clouds and HSMs in full
  azureVaultHost('v.vault.azure.net', 'https://v.vault.azure.net', 'v'),
  azureVaultHost('v-cn.vault.azure.cn', 'https://v-cn.vault.azure.cn', 'v-cn.vault.azure.cn'),
  azureVaultHost(
    'gov1.VAULT.usgovcloudapi.net',
    'https://gov1.vault.usgovcloudapi.net',
    'gov1.vault.usgovcloudapi.net',
  ),
  azureVaultHost(
    'hsm1.managedhsm.azure.net',
    'https://hsm1.managedhsm.azure.net',
    'hsm1.managedhsm.azure.net',
  ),
  // gcpsecrets and its aliases
  [
    'gcpsecrets://projects/p1/secrets/db/versions/3',
    { scheme: 'gcpsecrets', name: 'db', version: '3', params: { project: 'p1' } },
    'gcpsecrets://p1/db?version=3',
  ],
  [
    'gcp-sm://projects/p1/secrets/db',
    { scheme: 'gcpsecrets', name: 'db', params: { project: 'p1' } },
    'gcpsecrets://p1/db',
  ],
  [
    'gcpsecretmanager://projects/p1/locations/europe-west1/secrets/db/versions/latest',
    {
      scheme: 'gcpsecrets',
      name: 'db',
      version: 'latest',
      params: { project: 'p1', location: 'europe-west1' },
    },
    'gcpsecrets://projects/p1/locations/europe-west1/secrets/db?version=latest',
  ],
  [
    'gcpsecrets://p1/db?version=7#/password',
    { scheme: 'gcpsecrets', name: 'db', version: '7', pointer: ['password'], params: { project: 'p1' } },
    'gcpsecrets://p1/db?version=7#/password',
  ],
  ['gcpsecrets://db', { scheme: 'gcpsecrets', name: 'db', params: {} }, 'gcpsecrets://db'],
  // vault, its alias, openbao
  [
    'vault://secret/app/db?version=4&namespace=ns#/password',
    {
      scheme: 'vault',
      name: 'secret/app/db',
      version: '4',
      pointer: ['password'],
      params: { namespace: 'ns' },
    },
    'vault://secret/app/db?version=4&namespace=ns#/password',
  ],
  [
    'hashivault://database/creds/app',
    { scheme: 'vault', name: 'database/creds/app', params: {} },
    'vault://database/creds/app',
  ],
  [
    'ref+vault://secret/app#/db',
    { scheme: 'vault', name: 'secret/app', pointer: ['db'], params: {} },
    'vault://secret/app#/db',
  ],
  [
    'openbao://secret/app?namespace=admin/team-a',
    { scheme: 'openbao', name: 'secret/app', params: { namespace: 'admin/team-a' } },
    'openbao://secret/app?namespace=admin%2Fteam-a',
  ],
  [
    'secretref+openbao://secret/app#/db',
    { scheme: 'openbao', name: 'secret/app', pointer: ['db'], params: {} },
    'openbao://secret/app#/db',
  ],
  // doppler
  ['doppler://API_KEY', { scheme: 'doppler', name: 'API_KEY', params: {} }, 'doppler://API_KEY'],
  ['doppler:////API_KEY', { scheme: 'doppler', name: 'API_KEY', params: {} }, 'doppler://API_KEY'],
  [
    'doppler://backend/prd/API_KEY',
    { scheme: 'doppler', name: 'API_KEY', params: { project: 'backend', config: 'prd' } },
    'doppler://backend/prd/API_KEY',
  ],
  // file
  [
    'file:///run/secrets/db',
    { scheme: 'file', name: '/run/secrets/db', params: {} },
    'file:///run/secrets/db',
  ],
  [
    'file://conf/db.json#/password',
    { scheme: 'file', name: 'conf/db.json', pointer: ['password'], params: {} },
    'file://conf/db.json#/password',
  ],
  // memory
  [
    'memory://db?version=2#key',
    { scheme: 'memory', name: 'db', version: '2', pointer: ['key'], params: {} },
    'memory://db?version=2#/key',
  ],
  ['ref+memory://db', { scheme: 'memory', name: 'db', params: {} }, 'memory://db'],
  // pointers (RFC 6901)
  [
    'memory://db#/a~1b/c~0d/0/~01',
    { scheme: 'memory', name: 'db', pointer: ['a/b', 'c~d', '0', '~1'], params: {} },
    'memory://db#/a~1b/c~0d/0/~01',
  ],
  [
    'memory://db#/tls/ca',
    { scheme: 'memory', name: 'db', pointer: ['tls', 'ca'], params: {} },
    'memory://db#/tls/ca',
  ],
  ['memory://db#/', { scheme: 'memory', name: 'db', pointer: [''], params: {} }, 'memory://db#/'],
  [
    'memory://db?version=a%26b%3Dc',
    { scheme: 'memory', name: 'db', version: 'a&b=c', params: {} },
    'memory://db?version=a%26b%3Dc',
  ],
];

describe('parseSecretRef: every scheme and alias', () => {
  it.each(VALID)('%s', (text, expected, canonical) => {
    const ref = parseSecretRef(text);
    expect(ref).toStrictEqual(expected);
    expect(formatSecretRef(ref)).toBe(canonical);
    expect(parseSecretRef(canonical)).toStrictEqual(expected);
  });

  it('covers every scheme and alias of DESIGN §8', () => {
    const schemes = new Set(
      VALID.map(([text]) => /^(?:ref\+|secretref\+)?([^:]+):/.exec(text)![1]!.toLowerCase()),
    );
    expect([...schemes].sort()).toEqual(
      [
        'awssecrets',
        'aws-sm',
        'awssecretsmanager',
        'azurekeyvault',
        'azure-kv',
        'gcpsecrets',
        'gcp-sm',
        'gcpsecretmanager',
        'vault',
        'hashivault',
        'openbao',
        'doppler',
        'file',
        'memory',
      ].sort(),
    );
  });

  it('returns frozen refs', () => {
    const ref = parseSecretRef('vault://secret/app?namespace=ns#/a/b');
    expect(Object.isFrozen(ref)).toBe(true);
    expect(Object.isFrozen(ref.params)).toBe(true);
    expect(Object.isFrozen(ref.pointer)).toBe(true);
  });

  it('never reads an ARN as host and port (no WHATWG URL)', () => {
    const ref = parseSecretRef(`awssecrets://${ARN}`);
    expect(ref.name).toBe(ARN);
    expect(ref.params).toEqual({ region: 'eu-west-1' });
  });
});

describe('formatSecretRef round trips', () => {
  const refs: SecretRef[] = [
    ...VALID.map(([, ref]) => ref),
    { scheme: 'awssecrets', name: ARN, params: { region: 'eu-west-1' } },
    { scheme: 'awssecrets', name: ARN, params: { region: 'ap-south-1' } },
    {
      scheme: 'awssecrets',
      name: 'x',
      version: 'v',
      stage: 's',
      pointer: ['a', 'b/c', '~'],
      params: { region: 'us-east-1' },
    },
    { scheme: 'memory', name: 'with space', version: 'v 1/2', params: {} },
    { scheme: 'memory', name: 'x', pointer: ['', 'é', '%41'], params: {} },
    { scheme: 'gcpsecrets', name: 's', params: { project: 'projects' } },
    { scheme: 'doppler', name: 'K', params: { project: 'p', config: 'c' } },
  ];

  it.each(refs.map((ref) => [formatSecretRef(ref), ref] as const))('%s', (text, ref) => {
    expect(parseSecretRef(text)).toStrictEqual(ref);
    expect(formatSecretRef(parseSecretRef(text))).toBe(text);
  });

  it('accepts explicit undefined optional fields as absent', () => {
    const ref = { scheme: 'memory', name: 'db', version: undefined, params: {} } as SecretRef;
    expect(formatSecretRef(ref)).toBe('memory://db');
  });
});
