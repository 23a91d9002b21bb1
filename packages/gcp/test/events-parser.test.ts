// parseSecretManagerNotification against the notification format of the Secret Manager docs
// (event-notifications: attributes eventType, dataFormat, secretId, timestamp, and versionId on
// version events; data the Secret or SecretVersion as proto3 JSON): the hints of DESIGN §11 for
// each event type, as the SDK hands a message over and as a push request carries it.
import { describe, expect, it } from 'vitest';
import { parseSecretManagerNotification } from '../src/events/index.js';

const SECRET = 'projects/123456789/secrets/my-secret';
const VERSION = `${SECRET}/versions/3`;

/** A SECRET_VERSION_ADD as the streaming pull delivers it: attributes, and the SecretVersion as UTF-8 JSON bytes. */
const VERSION_ADD = {
  attributes: {
    eventType: 'SECRET_VERSION_ADD',
    dataFormat: 'JSON_API_V1',
    secretId: SECRET,
    versionId: VERSION,
    timestamp: '2021-01-20T11:17:45.081104-08:00',
  },
  data: Buffer.from(
    JSON.stringify({
      name: VERSION,
      createTime: '2021-01-20T19:17:44.987510Z',
      state: 'ENABLED',
      etag: '"15b93e4ba8b8a1"',
    }),
  ),
};

/** The same message as a push subscription sends it. */
const PUSH_BODY = {
  message: {
    attributes: VERSION_ADD.attributes,
    data: VERSION_ADD.data.toString('base64'),
    messageId: '2070443601311540',
    publishTime: '2021-01-20T19:17:45.263Z',
  },
  subscription: 'projects/my-project/subscriptions/secret-events',
};

const notification = (eventType: string, extra: Record<string, string> = {}, data?: object) => ({
  attributes: {
    eventType,
    dataFormat: 'JSON_API_V1',
    secretId: SECRET,
    timestamp: '2021-01-20T11:17:45.081104-08:00',
    ...extra,
  },
  ...(data === undefined ? {} : { data: Buffer.from(JSON.stringify(data)) }),
});

describe('parseSecretManagerNotification', () => {
  it('SECRET_VERSION_ADD: the full path, the bare id as alias, the version number', () => {
    expect(parseSecretManagerNotification(VERSION_ADD)).toEqual([
      { name: SECRET, aliases: ['my-secret'], version: '3' },
    ]);
  });

  it('reads a push request body (Base64 data) as the same message', () => {
    expect(parseSecretManagerNotification(PUSH_BODY)).toEqual([
      { name: SECRET, aliases: ['my-secret'], version: '3' },
    ]);
  });

  it.each([
    'SECRET_VERSION_ENABLE',
    'SECRET_VERSION_DISABLE',
    'SECRET_VERSION_DESTROY',
    'SECRET_VERSION_DESTROY_SCHEDULED',
  ])('%s names the secret without a version', (eventType) => {
    const event = notification(
      eventType,
      { versionId: `${SECRET}/versions/2` },
      { name: `${SECRET}/versions/2`, state: 'DISABLED' },
    );
    expect(parseSecretManagerNotification(event)).toEqual([{ name: SECRET, aliases: ['my-secret'] }]);
  });

  it.each(['SECRET_UPDATE', 'SECRET_DELETE', 'SECRET_ROTATE'])(
    '%s names the secret without a version',
    (eventType) => {
      const event = notification(
        eventType,
        eventType === 'SECRET_DELETE' ? { deleteType: 'EXPIRATION' } : {},
        {
          name: SECRET,
          rotation: { nextRotationTime: '2026-10-02T14:00:00Z', rotationPeriod: '3600s' },
        },
      );
      expect(parseSecretManagerNotification(event)).toEqual([{ name: SECRET, aliases: ['my-secret'] }]);
    },
  );

  it('reads a regional secret', () => {
    const regional = 'projects/123456789/locations/us-central1/secrets/db';
    const event = notification('SECRET_VERSION_ADD', {
      secretId: regional,
      versionId: `${regional}/versions/7`,
    });
    expect(parseSecretManagerNotification(event)).toEqual([
      { name: regional, aliases: ['db'], version: '7' },
    ]);
  });

  it('takes the secret and version from the data when the attributes lack them', () => {
    const event = {
      attributes: { eventType: 'SECRET_VERSION_ADD' },
      data: JSON.stringify({ name: VERSION }),
    };
    expect(parseSecretManagerNotification(event)).toEqual([
      { name: SECRET, aliases: ['my-secret'], version: '3' },
    ]);
  });

  it.each([
    ['TOPIC_CONFIGURED (the test message)', { attributes: { eventType: 'TOPIC_CONFIGURED' } }],
    ['SECRET_CREATE (nothing to re-read yet)', notification('SECRET_CREATE')],
    ['an unknown event type', notification('SECRET_SOMETHING_NEW')],
    ['no attributes', { data: VERSION_ADD.data }],
    ['a secretId that is not a secret path', notification('SECRET_UPDATE', { secretId: 'my-secret' })],
    ['null', null],
    ['a string', 'SECRET_VERSION_ADD'],
  ])('gives nothing for %s', (_, event) => {
    expect(parseSecretManagerNotification(event)).toEqual([]);
  });

  it('never carries a value, whatever the data holds', () => {
    const canary = 'CANARY-gcp-0b5f';
    const event = notification(
      'SECRET_VERSION_ADD',
      { versionId: VERSION },
      { name: VERSION, payload: { data: canary } },
    );
    const hints = parseSecretManagerNotification(event);
    expect(hints).toEqual([{ name: SECRET, aliases: ['my-secret'], version: '3' }]);
    expect(JSON.stringify(hints)).not.toContain(canary);
  });
});
