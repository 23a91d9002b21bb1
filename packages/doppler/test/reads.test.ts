// Reads beyond conformance: the request sent, Doppler's name rule, the meta keys, getSecrets from one
// download (the `secrets=A,B` filter), and a late answer after the caller gave up.
import { createSecretsClient } from '@secretkit/core';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { context, fake, provider } from './fixtures.js';

const DOWNLOAD = () => `${fake.apiUrl}/v3/configs/config/secrets/download`;

describe('one read', () => {
  it('is one download filtered to the name, format=json', async () => {
    const urls: string[] = [];
    fake.host.use(
      http.get(DOWNLOAD(), ({ request }) => {
        urls.push(request.url);
        return undefined;
      }),
    );
    fake.put('api_key', 'lower-case names are names too');
    const record = await provider({ project: fake.project, config: fake.config }).getSecret(
      { name: 'api_key' },
      context(),
    );
    expect(record).toEqual({
      name: 'api_key',
      value: 'lower-case names are names too',
      version: fake.etag(),
      metadata: { project: 'example-project', config: 'dev', environment: 'dev' },
    });
    expect(urls).toEqual([`${DOWNLOAD()}?project=example-project&config=dev&format=json&secrets=api_key`]);
  });

  it('the meta keys are readable by name: they are in every download', async () => {
    const doppler = provider();
    expect((await doppler.getSecret({ name: 'DOPPLER_CONFIG' }, context())).value).toBe('dev');
    expect((await doppler.getSecret({ name: 'DOPPLER_PROJECT' }, context())).value).toBe('example-project');
    expect((await doppler.getSecret({ name: 'DOPPLER_ENVIRONMENT' }, context())).value).toBe('dev');
  });

  it.each(['A,B', '../DB_URL', 'DB URL', 'DB%2eURL', 'DB-URL', 'DB.URL', 'ÄPI_KEY', 'a'.repeat(257)])(
    'a name Doppler cannot have (%j) is CONFIG before any request',
    async (name) => {
      const doppler = provider();
      await expect(doppler.getSecret({ name }, context())).rejects.toMatchObject({ code: 'CONFIG' });
      await expect(doppler.getVersion({ name }, context())).rejects.toMatchObject({ code: 'CONFIG' });
      expect(fake.calls.count()).toBe(0);
    },
  );

  it('a fake answering after the caller gave up raises nothing', async () => {
    const signals = { entered: deferred(), release: deferred(), answered: deferred() };
    fake.host.use(
      http.get(DOWNLOAD(), async () => {
        signals.entered.resolve();
        await signals.release.promise;
        signals.answered.resolve();
        return HttpResponse.json({ DB_URL: 'late' });
      }),
    );
    const controller = new AbortController();
    const read = provider().getSecret({ name: 'DB_URL' }, { signal: controller.signal });
    await signals.entered.promise; // the request reached the fake
    controller.abort();
    await expect(read).rejects.toMatchObject({ code: 'ABORTED' });
    signals.release.resolve();
    await signals.answered.promise;
    await new Promise((resolve) => setImmediate(resolve)); // an unhandled rejection would surface here
  });
});

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}

describe('getSecrets: one download for several names', () => {
  it('filters to the names asked, in one request, and answers in request order', async () => {
    fake.put('A', 'a');
    fake.put('B', 'b');
    fake.put('C', 'not asked');
    const results = await provider().getSecrets(
      [{ name: 'B' }, { name: 'A' }, { name: 'MISSING' }, { name: 'A' }, { name: 'bad,name' }],
      context(),
    );
    expect(
      results.map((item) => (item instanceof Error ? (item as { code?: string }).code : item.value)),
    ).toEqual(['b', 'a', 'NOT_FOUND', 'a', 'CONFIG']);
    expect(results[2]).toMatchObject({
      secretName: 'MISSING',
      message: 'Doppler: secret "MISSING" was not found',
    });
    expect(fake.calls.log).toEqual([
      { project: undefined, config: undefined, secrets: 'B,A,MISSING', ifNoneMatch: undefined, status: 200 },
    ]);
    const etag = fake.etag();
    expect([results[0], results[1]]).toMatchObject([{ version: etag }, { version: etag }]);
  });

  it('a pinned version in a batch is served when current, NOT_FOUND otherwise', async () => {
    const old = fake.put('A', 'a');
    const current = fake.put('B', 'b');
    const [a, b] = await provider().getSecrets(
      [
        { name: 'A', version: old },
        { name: 'B', version: current },
      ],
      context(),
    );
    expect(a).toMatchObject({ code: 'NOT_FOUND', secretName: 'A' });
    expect(b).toMatchObject({ value: 'b', version: current });
    expect(fake.calls.count()).toBe(1);
  });

  it('a failed download fails the whole call with its code; only bad names make no request', async () => {
    fake.failNext('ACCESS_DENIED');
    const doppler = provider();
    await expect(doppler.getSecrets([{ name: 'A' }, { name: 'B' }], context())).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      message: 'Doppler: access denied for the request (HTTP 403)',
    });
    const onlyBad = await doppler.getSecrets([{ name: 'a b' }, { name: '' }], context());
    expect(onlyBad.map((item) => (item as { code?: string }).code)).toEqual(['CONFIG', 'CONFIG']);
    expect(fake.calls.count()).toBe(1);
  });

  it('a batch too long for a URL downloads the whole config, still once', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `SECRET_NUMBER_${String(i).padStart(4, '0')}`);
    for (const name of names.slice(0, 10)) fake.put(name, `value of ${name}`);
    fake.put('NOT_ASKED', 'x');
    const results = await provider().getSecrets(
      names.map((name) => ({ name })),
      context(),
    );
    expect(results.slice(0, 10).map((item) => (item as { value?: string }).value)).toEqual(
      names.slice(0, 10).map((name) => `value of ${name}`),
    );
    expect(results.slice(10).every((item) => (item as { code?: string }).code === 'NOT_FOUND')).toBe(true);
    expect(fake.calls.log).toMatchObject([{ secrets: undefined, status: 200 }]);
  });

  it("a client's getMany is one download", async () => {
    fake.put('A', 'a');
    fake.put('B', 'b');
    const client = createSecretsClient({ provider: provider(), retry: false });
    try {
      expect(await client.getMany(['A', 'B'])).toEqual({ A: 'a', B: 'b' });
      expect(await client.getMany(['A', 'B'])).toEqual({ A: 'a', B: 'b' }); // cached
      expect(fake.calls.log).toMatchObject([{ secrets: 'A,B', status: 200 }]);
    } finally {
      await client.close();
    }
  });
});
