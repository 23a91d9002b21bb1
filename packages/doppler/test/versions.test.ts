// ETags as versions: exactly as received, sent back as If-None-Match so an unchanged config costs a
// 304 (also under a caching client's watch), pinned versions, and what conformance does not cover.
import { createSecretsClient } from '@secretkit/core';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { context, fake, provider } from './fixtures.js';

const DOWNLOAD = () => `${fake.apiUrl}/v3/configs/config/secrets/download`;
const statuses = () => fake.calls.log.map((call) => call.status);

afterEach(() => {
  vi.useRealTimers();
});

describe('getVersion: If-None-Match and 304', () => {
  it('asks unconditionally first, then with the ETag it saw: unchanged is a 304', async () => {
    const doppler = provider();
    const first = fake.put('DB_URL', 'v1');
    expect(await doppler.getVersion({ name: 'DB_URL' }, context())).toBe(first);
    expect(await doppler.getVersion({ name: 'DB_URL' }, context())).toBe(first);
    expect(fake.calls.log).toMatchObject([
      { secrets: 'DB_URL', ifNoneMatch: undefined, status: 200 },
      { secrets: 'DB_URL', ifNoneMatch: first, status: 304 },
    ]);
  });

  it('getSecret leaves the ETag for the next probe; a change is a 200 with the new one', async () => {
    const doppler = provider();
    const first = fake.put('DB_URL', 'v1');
    expect((await doppler.getSecret({ name: 'DB_URL' }, context())).version).toBe(first);
    expect(await doppler.getVersion({ name: 'DB_URL' }, context())).toBe(first);
    const second = fake.put('DB_URL', 'v2');
    expect(await doppler.getVersion({ name: 'DB_URL' }, context())).toBe(second);
    expect(await doppler.getSecret({ name: 'DB_URL' }, context())).toMatchObject({
      value: 'v2',
      version: second,
    });
    expect(fake.calls.log.map(({ ifNoneMatch, status }) => [ifNoneMatch, status])).toEqual([
      [undefined, 200],
      [first, 304],
      [first, 200],
      [undefined, 200],
    ]);
  });

  it('Doppler versions the config: a change to another secret is a new version too', async () => {
    const doppler = provider();
    const first = fake.put('DB_URL', 'v1');
    await doppler.getSecret({ name: 'DB_URL' }, context());
    const after = fake.put('OTHER', 'x');
    expect(after).not.toBe(first);
    expect(await doppler.getVersion({ name: 'DB_URL' }, context())).toBe(after);
  });

  it('a secret removed after its ETag was seen is NOT_FOUND, and the stale ETag is not sent again', async () => {
    const doppler = provider();
    fake.put('DB_URL', 'v1');
    await doppler.getSecret({ name: 'DB_URL' }, context());
    fake.remove('DB_URL');
    await expect(doppler.getVersion({ name: 'DB_URL' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const again = fake.put('DB_URL', 'v3');
    expect(await doppler.getVersion({ name: 'DB_URL' }, context())).toBe(again);
    expect(fake.calls.log.at(-1)).toMatchObject({ ifNoneMatch: undefined, status: 200 });
  });

  it('the version is the ETag exactly as received (a weak one too), and goes back unchanged', async () => {
    const sent: Array<string | null> = [];
    fake.host.use(
      http.get(DOWNLOAD(), ({ request }) => {
        sent.push(request.headers.get('if-none-match'));
        if (request.headers.get('if-none-match') === 'W/"rev-7"') {
          return new HttpResponse(null, { status: 304, headers: { etag: 'W/"rev-7"' } });
        }
        return HttpResponse.json({ DB_URL: 'v', DOPPLER_CONFIG: 'dev' }, { headers: { etag: 'W/"rev-7"' } });
      }),
    );
    const doppler = provider();
    expect((await doppler.getSecret({ name: 'DB_URL' }, context())).version).toBe('W/"rev-7"');
    expect(await doppler.getVersion({ name: 'DB_URL' }, context())).toBe('W/"rev-7"');
    expect(sent).toEqual([null, 'W/"rev-7"']);
  });

  it('a download without an ETag has no version', async () => {
    fake.host.use(http.get(DOWNLOAD(), () => HttpResponse.json({ DB_URL: 'v' })));
    const doppler = provider();
    expect(await doppler.getSecret({ name: 'DB_URL' }, context())).toEqual({ name: 'DB_URL', value: 'v' });
    expect(await doppler.getVersion({ name: 'DB_URL' }, context())).toBeUndefined();
  });

  it('close() forgets the ETags', async () => {
    const doppler = provider();
    fake.put('DB_URL', 'v1');
    await doppler.getSecret({ name: 'DB_URL' }, context());
    await doppler.close();
    await doppler.getVersion({ name: 'DB_URL' }, context());
    expect(fake.calls.log.at(-1)).toMatchObject({ ifNoneMatch: undefined, status: 200 });
  });
});

describe('a caching client', () => {
  it('a watch poll of an unchanged secret costs one 304; a change, a probe and a read', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const first = fake.put('DB_URL', 'v1');
    const client = createSecretsClient({ provider: provider(), cache: { ttl: '1h' }, retry: false });
    try {
      expect(await client.get('DB_URL')).toBe('v1');
      const rotations: Array<[string | undefined, string | undefined]> = [];
      client.watch('DB_URL', (event) => rotations.push([event.previousVersion, event.version]), {
        interval: '1m',
      });
      await vi.advanceTimersByTimeAsync(66_000); // one interval, jitter included
      expect(statuses()).toEqual([200, 304]);
      expect(fake.calls.log[1]!.ifNoneMatch).toBe(first);

      const second = fake.put('DB_URL', 'v2');
      await vi.advanceTimersByTimeAsync(66_000);
      expect(statuses()).toEqual([200, 304, 200, 200]);
      expect(rotations).toEqual([[first, second]]);
      expect(await client.get('DB_URL')).toBe('v2');
      expect(fake.calls.count()).toBe(4); // served from the cache
    } finally {
      await client.close();
    }
  });
});

describe('pinned versions and stages', () => {
  const NOT_CURRENT =
    'Doppler: secret "DB_URL" was not found (the version is not the config’s current ETag; Doppler serves only the current one)';

  it('the current ETag is served; getVersion asks unconditionally and agrees', async () => {
    const current = fake.put('DB_URL', 'v1');
    const doppler = provider();
    expect(await doppler.getSecret({ name: 'DB_URL', version: current }, context())).toMatchObject({
      value: 'v1',
      version: current,
    });
    expect(await doppler.getVersion({ name: 'DB_URL', version: current }, context())).toBe(current);
    expect(fake.calls.log.map((call) => call.ifNoneMatch)).toEqual([undefined, undefined]);
  });

  it('any other version is NOT_FOUND: Doppler keeps no readable history', async () => {
    const old = fake.put('DB_URL', 'v1');
    fake.put('DB_URL', 'v2');
    const doppler = provider();
    await expect(doppler.getSecret({ name: 'DB_URL', version: old }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: NOT_CURRENT,
    });
    await expect(doppler.getVersion({ name: 'DB_URL', version: old }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: NOT_CURRENT,
    });
    const client = createSecretsClient({ provider: doppler, retry: false });
    await expect(client.get('DB_URL', { version: old })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await client.close();
  });

  it('a stage is CONFIG before any request (Doppler has none)', async () => {
    const doppler = provider();
    for (const read of [
      doppler.getSecret({ name: 'DB_URL', stage: 'AWSCURRENT' }, context()),
      doppler.getVersion({ name: 'DB_URL', stage: 'AWSCURRENT' }, context()),
    ]) {
      await expect(read).rejects.toMatchObject({
        code: 'CONFIG',
        message: 'dopplerSecrets: Doppler has no stages',
      });
    }
    expect(fake.calls.count()).toBe(0);
  });
});
