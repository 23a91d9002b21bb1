// parseKeyVaultEvent against the samples of the Azure documentation (event-schema-key-vault.md),
// in both schemas, with the docs' own messy keys and values: the hints of DESIGN §11 for the three
// secret events, nothing for the rest, never a value.
import { describe, expect, it } from 'vitest';
import { parseKeyVaultEvent } from '../src/events/index.js';

/** The `data` both samples of that page carry, as published (note "ObjectName " and " ee05…"). */
const SAMPLE_DATA = {
  Id: 'https://sample-kv.vault.azure.net/secrets/newsecret/ee059b2bb5bc48398a53b168c6cdcb10',
  VaultName: 'sample-kv',
  ObjectType: 'Secret',
  'ObjectName ': 'newsecret',
  Version: ' ee059b2bb5bc48398a53b168c6cdcb10',
  NBF: '1559081980',
  EXP: '1559082102',
};

/** The Event Grid schema sample of MicrosoftDocs/azure-docs, as published. */
const EVENT_GRID_SAMPLE = [
  {
    id: '00eccf70-95a7-4e7c-8299-2eb17ee9ad64',
    topic:
      '/subscriptions/{subscription-id}/resourceGroups/sample-rg/providers/Microsoft.KeyVault/vaults/sample-kv',
    subject: 'newsecret',
    eventType: 'Microsoft.KeyVault.SecretNewVersionCreated',
    eventTime: '2019-07-25T01:08:33.1036736Z',
    data: SAMPLE_DATA,
    dataVersion: '1',
    metadataVersion: '1',
  },
];

/** The CloudEvents schema sample of the same page. */
const CLOUD_EVENTS_SAMPLE = [
  {
    id: '00eccf70-95a7-4e7c-8299-2eb17ee9ad64',
    source:
      '/subscriptions/{subscription-id}/resourceGroups/sample-rg/providers/Microsoft.KeyVault/vaults/sample-kv',
    subject: 'newsecret',
    type: 'Microsoft.KeyVault.SecretNewVersionCreated',
    time: '2019-07-25T01:08:33.1036736Z',
    data: SAMPLE_DATA,
    specversion: '1.0',
  },
];

const NEW_VERSION_HINT = { name: 'newsecret', version: 'ee059b2bb5bc48398a53b168c6cdcb10' };
const [gridEvent] = EVENT_GRID_SAMPLE as [(typeof EVENT_GRID_SAMPLE)[number]];
const withType = (eventType: string, data: Record<string, unknown> = gridEvent.data) => ({
  ...gridEvent,
  eventType,
  data,
});

describe('parseKeyVaultEvent: the documented samples', () => {
  it('reads the Event Grid schema sample: trimmed name and version despite the messy keys', () => {
    expect(parseKeyVaultEvent(EVENT_GRID_SAMPLE)).toEqual([NEW_VERSION_HINT]);
    expect(parseKeyVaultEvent(gridEvent)).toEqual([NEW_VERSION_HINT]);
  });

  it('reads the CloudEvents schema sample', () => {
    expect(parseKeyVaultEvent(CLOUD_EVENTS_SAMPLE)).toEqual([NEW_VERSION_HINT]);
  });

  it.each(['Microsoft.KeyVault.SecretNearExpiry', 'Microsoft.KeyVault.SecretExpired'])(
    '%s names the secret without a version',
    (eventType) => {
      expect(parseKeyVaultEvent(withType(eventType))).toEqual([{ name: 'newsecret' }]);
    },
  );

  it('reads the camelCase keys the SDK typings use', () => {
    const camel = withType('Microsoft.KeyVault.SecretNewVersionCreated', {
      id: 'https://sample-kv.vault.azure.net/secrets/db-password/0123abcd',
      vaultName: 'sample-kv',
      objectType: 'Secret',
      objectName: 'db-password',
      version: '0123abcd',
    });
    expect(parseKeyVaultEvent(camel)).toEqual([{ name: 'db-password', version: '0123abcd' }]);
  });

  it('falls back to the secret URL in Id, then to subject', () => {
    const idOnly = withType('Microsoft.KeyVault.SecretNewVersionCreated', {
      Id: 'https://sample-kv.vault.azure.net/secrets/api-key/99ff',
    });
    expect(parseKeyVaultEvent(idOnly)).toEqual([{ name: 'api-key', version: '99ff' }]);
    expect(parseKeyVaultEvent(withType('Microsoft.KeyVault.SecretExpired', {}))).toEqual([
      { name: 'newsecret' },
    ]);
  });

  it('prefers the exactly spelled key when both spellings are present', () => {
    const both = withType('Microsoft.KeyVault.SecretNearExpiry', {
      'ObjectName ': 'old',
      ObjectName: 'exact',
    });
    expect(parseKeyVaultEvent(both)).toEqual([{ name: 'exact' }]);
  });

  it('gives the hints of every event of a delivery', () => {
    const expired = withType('Microsoft.KeyVault.SecretExpired', { ObjectName: 'other' });
    expect(parseKeyVaultEvent([gridEvent, expired])).toEqual([NEW_VERSION_HINT, { name: 'other' }]);
  });
});

describe('parseKeyVaultEvent: other events give nothing', () => {
  it.each([
    ['a key event', withType('Microsoft.KeyVault.KeyNewVersionCreated')],
    ['a certificate event', withType('Microsoft.KeyVault.CertificateNearExpiry')],
    ['an access policy change', withType('Microsoft.KeyVault.VaultAccessPolicyChanged')],
    [
      'the validation event',
      withType('Microsoft.EventGrid.SubscriptionValidationEvent', { validationCode: 'x' }),
    ],
    [
      'a secret event about another object type',
      withType('Microsoft.KeyVault.SecretExpired', { ObjectType: 'Key', ObjectName: 'k' }),
    ],
    ['no type', { ...gridEvent, eventType: undefined }],
    [
      'a secret event without any name',
      { ...withType('Microsoft.KeyVault.SecretExpired', {}), subject: undefined },
    ],
    ['null', null],
    ['a string', JSON.stringify(EVENT_GRID_SAMPLE)],
    ['an empty delivery', []],
  ])('%s', (_, event) => {
    expect(parseKeyVaultEvent(event)).toEqual([]);
  });
});

describe('parseKeyVaultEvent: never a value', () => {
  it('carries only the name and version, whatever else the event holds', () => {
    const canary = 'CANARY-kv-5c2b';
    const stuffed = withType('Microsoft.KeyVault.SecretNewVersionCreated', {
      ...gridEvent.data,
      Value: canary,
      Tags: { password: canary },
    });
    const hints = parseKeyVaultEvent({ ...stuffed, value: canary });
    expect(hints).toEqual([NEW_VERSION_HINT]);
    expect(JSON.stringify(hints)).not.toContain(canary);
  });
});
