// parseVaultEvent against the event samples of Vault's documentation and source: the 1.13 docs'
// mount-relative `data/foo`, the 1.15+ full `secret/data/foo` (Vault Proxy's example), as objects
// and as WebSocket text frames; the mount + path rule, `current_version` on writes only, nothing
// for other events, never a value.
import { describe, expect, it } from 'vitest';
import { parseVaultEvent } from '../src/events/index.js';
import { PROXY_EXAMPLE } from './kv-events.js';

/** website/content/docs/concepts/events.mdx (Vault 1.13): the path is relative to the mount. */
const DOCS_1_13 = {
  id: '901f2388-aabb-a385-7bc0-0b09d5fa060b',
  source: 'https://vaultproject.io/',
  specversion: '1.0',
  type: '*',
  data: {
    event: {
      id: '901f2388-aabb-a385-7bc0-0b09d5fa060b',
      metadata: { current_version: '1', oldest_version: '0', path: 'data/foo' },
    },
    event_type: 'kv-v2/data-write',
    plugin_info: {
      mount_class: 'secret',
      mount_accessor: 'kv_a6081d01',
      mount_path: 'secret/',
      plugin: 'kv',
    },
  },
  datacontentype: 'application/cloudevents',
  time: '2023-02-17T13:11:39.227341-08:00',
};

/** The frame text the same page shows `wscat` printing. */
const DOCS_1_13_FRAME =
  '{"id":"901f2388-aabb-a385-7bc0-0b09d5fa060b","source":"https://vaultproject.io/","specversion":"1.0","type":"*","data":{"event":{"id":"901f2388-aabb-a385-7bc0-0b09d5fa060b","metadata":{"current_version":"1","oldest_version":"0","path":"data/foo"}},"event_type":"kv-v2/data-write","plugin_info":{"mount_class":"secret","mount_accessor":"kv_a6081d01","mount_path":"secret/","plugin":"kv"}},"datacontentype":"application/cloudevents","time":"2023-02-17T13:11:39.227341-08:00"}';

/** An event like `PROXY_EXAMPLE` of another type, path, mount and metadata. */
function event(type: string, path: string, mount = 'secret/', metadata: Record<string, unknown> = {}) {
  return {
    ...PROXY_EXAMPLE,
    data: {
      ...PROXY_EXAMPLE.data,
      event: {
        id: 'e',
        metadata: { ...PROXY_EXAMPLE.data.event.metadata, path, operation: type.split('/')[1], ...metadata },
      },
      event_type: type,
      plugin_info: { ...PROXY_EXAMPLE.data.plugin_info, mount_path: mount },
    },
  };
}

describe('parseVaultEvent: the documented samples', () => {
  it('prefixes the mount to the 1.13 mount-relative path and drops data/', () => {
    expect(parseVaultEvent(DOCS_1_13)).toEqual([{ name: 'secret/foo', version: '1' }]);
  });

  it('reads the WebSocket text frame as the object', () => {
    expect(parseVaultEvent(DOCS_1_13_FRAME)).toEqual([{ name: 'secret/foo', version: '1' }]);
  });

  it('reads the 1.15+ full path', () => {
    expect(parseVaultEvent(PROXY_EXAMPLE)).toEqual([{ name: 'secret/foo', version: '1' }]);
  });
});

describe('parseVaultEvent: the kinds and their hints', () => {
  it.each([
    [
      'kv-v2/data-write',
      'secret/data/app/db',
      { current_version: '7' },
      [{ name: 'secret/app/db', version: '7' }],
    ],
    [
      'kv-v2/data-patch',
      'secret/data/app/db',
      { current_version: 8 },
      [{ name: 'secret/app/db', version: '8' }],
    ],
    ['kv-v2/data-delete', 'secret/data/app/db', { current_version: '8' }, [{ name: 'secret/app/db' }]],
    ['kv-v2/metadata-write', 'secret/metadata/app/db', {}, [{ name: 'secret/app/db' }]],
    ['kv-v2/metadata-patch', 'secret/metadata/app/db', {}, [{ name: 'secret/app/db' }]],
    ['kv-v2/metadata-delete', 'secret/metadata/app/db', {}, [{ name: 'secret/app/db' }]],
  ])('%s on %s', (type, path, metadata, hints) => {
    expect(parseVaultEvent(event(type, path, 'secret/', metadata))).toEqual(hints);
  });

  it('takes a kv-v1 write as mount + key, keeping a key that starts with data/', () => {
    expect(parseVaultEvent(event('kv-v1/write', 'legacy/data/app', 'legacy/'))).toEqual([
      { name: 'legacy/data/app' },
    ]);
    expect(parseVaultEvent(event('kv-v1/write', 'app', 'legacy/'))).toEqual([{ name: 'legacy/app' }]);
  });

  it('handles nested mounts, full or relative', () => {
    expect(parseVaultEvent(event('kv-v2/data-write', 'team/kv/data/svc', 'team/kv/'))).toEqual([
      { name: 'team/kv/svc', version: '1' },
    ]);
    expect(parseVaultEvent(event('kv-v2/data-write', 'data/svc', 'team/kv/'))).toEqual([
      { name: 'team/kv/svc', version: '1' },
    ]);
  });

  it('gives a write no version when current_version is not a positive whole number', () => {
    for (const current_version of ['x', '', '1.5', -1, null]) {
      expect(
        parseVaultEvent(event('kv-v2/data-write', 'secret/data/a', 'secret/', { current_version })),
      ).toEqual([{ name: 'secret/a' }]);
    }
  });
});

describe('parseVaultEvent: other events give nothing', () => {
  it.each([
    [
      'a metadata read (nothing changed)',
      event('kv-v2/metadata-read', 'secret/metadata/a', 'secret/', { modified: 'false' }),
    ],
    ['an unmodified write', event('kv-v2/data-write', 'secret/data/a', 'secret/', { modified: 'false' })],
    ['kv-v2/config-write', event('kv-v2/config-write', 'secret/config')],
    ['a database event', event('database/creds-create', 'database/creds/app', 'database/')],
    ['kv-v2/data-write without a path', event('kv-v2/data-write', '')],
    ['a path naming only the mount', event('kv-v2/data-write', 'secret/data/')],
    ['a frame that is not JSON', 'not json'],
    ['a frame that is a JSON array', '[1,2]'],
    ['no data', { ...DOCS_1_13, data: undefined }],
    ['null', null],
  ])('%s', (_, message) => {
    expect(parseVaultEvent(message)).toEqual([]);
  });
});

describe('parseVaultEvent: never a value', () => {
  it('carries only the name and version even if a future event held the secret data', () => {
    const canary = 'CANARY-vault-81ab';
    const stuffed = event('kv-v2/data-write', 'secret/data/foo', 'secret/', {
      data: canary,
      password: canary,
    });
    const hints = parseVaultEvent({ ...stuffed, data: { ...stuffed.data, secret: { password: canary } } });
    expect(hints).toEqual([{ name: 'secret/foo', version: '1' }]);
    expect(JSON.stringify(hints)).not.toContain(canary);
  });
});
