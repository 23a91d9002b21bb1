// Token kinds, project/config, apiUrl and the fetch escape hatch: what is CONFIG at construction
// (no request made), and what each token kind sends and gets from the fake.
import { isSecretsError } from '@secretkit/core';
import { http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportUnhandledToGuard } from '../../../test-setup/msw.js';
import { dopplerSecrets } from '../src/index.js';
import { createDopplerFake } from '../src/testing/index.js';
import { context, fake, provider } from './fixtures.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

function configError(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    if (isSecretsError(error) && error.code === 'CONFIG') return error.message;
    throw error;
  }
  throw new Error('expected CONFIG at construction');
}

describe('token kinds', () => {
  it('a service token implies the project and config: none are sent', async () => {
    fake.put('API_KEY', 'k-1');
    const record = await provider().getSecret({ name: 'API_KEY' }, context());
    expect(record.value).toBe('k-1');
    expect(fake.calls.log).toEqual([
      { project: undefined, config: undefined, secrets: 'API_KEY', ifNoneMatch: undefined, status: 200 },
    ]);
  });

  it('a service token with its own project and config sends them', async () => {
    fake.put('API_KEY', 'k-1');
    const record = await provider({ project: fake.project, config: fake.config }).getSecret(
      { name: 'API_KEY' },
      context(),
    );
    expect(record.value).toBe('k-1');
    expect(fake.calls.log).toMatchObject([{ project: fake.project, config: fake.config, status: 200 }]);
  });

  it('a service token asking for another config is ACCESS_DENIED (403)', async () => {
    fake.addConfig({ project: fake.project, config: 'prd' });
    const read = provider({ project: fake.project, config: 'prd' }).getSecret({ name: 'API_KEY' }, context());
    await expect(read).rejects.toMatchObject({ code: 'ACCESS_DENIED', statusCode: 403 });
  });

  it('DOPPLER_TOKEN is the default token', async () => {
    vi.stubEnv('DOPPLER_TOKEN', fake.serviceToken);
    fake.put('API_KEY', 'from-env');
    const fromEnv = dopplerSecrets({ apiUrl: fake.apiUrl });
    expect((await fromEnv.getSecret({ name: 'API_KEY' }, context())).value).toBe('from-env');
  });

  it('a personal token reads the project and config it names', async () => {
    fake.addConfig({ project: 'billing', config: 'stg_eu', environment: 'stg' });
    fake.put('API_KEY', 'billing-key', { project: 'billing', config: 'stg_eu' });
    const personal = provider({ token: fake.personalToken, project: 'billing', config: 'stg_eu' });
    const record = await personal.getSecret({ name: 'API_KEY' }, context());
    expect(record).toMatchObject({
      value: 'billing-key',
      metadata: { project: 'billing', config: 'stg_eu', environment: 'stg' },
    });
    expect(fake.calls.log).toMatchObject([{ project: 'billing', config: 'stg_eu', status: 200 }]);
  });

  it('a personal token on a config that does not exist is NOT_FOUND (404)', async () => {
    const personal = provider({ token: fake.personalToken, project: fake.project, config: 'nope' });
    await expect(personal.getSecret({ name: 'API_KEY' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      statusCode: 404,
    });
  });

  it('a token the API does not know is UNAUTHENTICATED (401)', async () => {
    const unknown = provider({ token: 'dp.st.dev.revoked0000000000000000000000' });
    await expect(unknown.getSecret({ name: 'API_KEY' }, context())).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      statusCode: 401,
    });
  });

  it.each([
    ['a personal token', 'dp.pt.abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a CLI token', 'dp.ct.abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a service account token', 'dp.sa.abcdefghijklmnopqrstuvwxyz0123456789'],
    ['a token of no known kind', 'abcdefghijklmnopqrstuvwxyz0123456789'],
  ])('%s without project and config is CONFIG at construction', (_kind, token) => {
    const message = configError(() => dopplerSecrets({ token, apiUrl: fake.apiUrl }));
    expect(message).toBe(
      'dopplerSecrets: a token that is not a service token (dp.st.…) needs `project` and `config`; pass both, or use a service token scoped to one config',
    );
    expect(message).not.toContain(token);
  });

  it('sends the token as Authorization: Bearer', async () => {
    const seen: Array<string | null> = [];
    fake.host.use(
      http.get(`${fake.apiUrl}/v3/configs/config/secrets/download`, ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return undefined; // on to the fake
      }),
    );
    fake.put('API_KEY', 'k');
    await provider().getSecret({ name: 'API_KEY' }, context());
    expect(seen).toEqual([`Bearer ${fake.serviceToken}`]);
  });
});

describe('CONFIG at construction', () => {
  const token = 'dp.st.dev.0123456789abcdefghij0123456789abcdefghij';
  it.each<[string, Record<string, unknown>, string]>([
    ['no token', { token: undefined }, 'no token: pass `token` or set DOPPLER_TOKEN'],
    ['an empty token', { token: '' }, 'no token: pass `token` or set DOPPLER_TOKEN'],
    ['a token that is not a string', { token: 42 }, '`token` must be a string'],
    [
      'a token with a line break',
      { token: `${token}\nx-evil: 1` },
      'the token must be 1–1024 visible ASCII characters (no spaces or line breaks)',
    ],
    [
      'a token with a space',
      { token: `Bearer ${token}` },
      'the token must be 1–1024 visible ASCII characters (no spaces or line breaks)',
    ],
    [
      'a project without a config',
      { token, project: 'app' },
      '`project` and `config` go together: pass both, or neither with a service token',
    ],
    [
      'an empty config',
      { token, project: 'app', config: '' },
      '`config` must be a non-empty name without spaces or control characters',
    ],
    [
      'an unknown option',
      { token, tokn: 'x' },
      'unknown option "tokn"; expected one of: token, project, config, apiUrl, fetch',
    ],
    [
      'an apiUrl that is no URL',
      { token, apiUrl: 'api.doppler.com' },
      '`apiUrl` must be an http(s) URL such as https://api.doppler.com, without whitespace or control characters',
    ],
    [
      'plain http to a host that is not loopback',
      { token, apiUrl: 'http://api.doppler.com' },
      'refusing plain http to api.doppler.com in `apiUrl`: credentials would travel unencrypted (use https; http is allowed only to a loopback host)',
    ],
    [
      'an apiUrl with credentials',
      { token, apiUrl: `https://${token}@api.doppler.com` },
      '`apiUrl` must not carry credentials',
    ],
    ['a fetch that is not a function', { token, fetch: 'fetch' }, '`fetch` must be a function'],
  ])('%s', (_label, options, message) => {
    vi.stubEnv('DOPPLER_TOKEN', undefined);
    const seen = configError(() => dopplerSecrets(options as never));
    expect(seen).toBe(`dopplerSecrets: ${message}`);
    expect(seen).not.toContain(token);
    expect(fake.calls.count()).toBe(0);
  });

  it('plain http is accepted on loopback (a fake on a socket)', () => {
    expect(() => dopplerSecrets({ token, apiUrl: 'http://127.0.0.1:8080' })).not.toThrow();
    expect(() => dopplerSecrets({ token, apiUrl: 'http://localhost:8080/' })).not.toThrow();
  });
});

describe('apiUrl and the fetch escape hatch', () => {
  it('an apiUrl with a path prefix and a trailing slash', async () => {
    const behindProxy = createDopplerFake({
      apiUrl: 'https://proxy.doppler.test/doppler',
      onUnhandled: reportUnhandledToGuard,
    });
    behindProxy.listen();
    try {
      behindProxy.put('API_KEY', 'via-proxy');
      const read = dopplerSecrets({
        token: behindProxy.serviceToken,
        apiUrl: 'https://proxy.doppler.test/doppler/',
      });
      expect((await read.getSecret({ name: 'API_KEY' }, context())).value).toBe('via-proxy');
    } finally {
      await behindProxy.close();
    }
  });

  it('client() is the global fetch, or your own used as is', async () => {
    expect(await provider().client()).toBe(globalThis.fetch);
    const sent: string[] = [];
    const own: typeof fetch = (input, init) => {
      sent.push(String(input));
      return globalThis.fetch(input, init);
    };
    fake.put('API_KEY', 'k');
    const withOwn = provider({ fetch: own });
    expect(await withOwn.client()).toBe(own);
    await withOwn.getSecret({ name: 'API_KEY' }, context());
    expect(sent).toEqual([`${fake.apiUrl}/v3/configs/config/secrets/download?format=json&secrets=API_KEY`]);
  });
});
