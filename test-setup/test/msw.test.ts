// The msw helper (msw.ts): handled requests get their mocked response through every client, and
// anything else is recorded in the network guard's violations (which fail the test) instead of
// reaching the network.
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFakeServer } from '../msw.js';
import { GUARD_ERROR_CODE, takeNetworkViolations } from '../network-guard.js';
import { getText } from './get-text.js';

const server = createFakeServer(
  http.get('https://example.test/ok', () => HttpResponse.json({ ok: true })),
  http.post('https://example.test/echo', async ({ request }) => HttpResponse.text(await request.text())),
);

beforeAll(() => server.listen());
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function unhandled(method: string, url: string) {
  const { hostname, port } = new URL(url);
  return {
    kind: 'unhandled-request',
    host: hostname,
    port: port === '' ? 443 : Number(port),
    via: 'msw catch-all (no handler matched)',
    request: { method, url },
    stack: expect.any(String),
  };
}

describe('handled requests', () => {
  it('fetch gets the mocked response', async () => {
    const response = await fetch('https://example.test/ok');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    const echoed = await fetch('https://example.test/echo', { method: 'POST', body: 'ping' });
    expect(await echoed.text()).toBe('ping');
    expect(takeNetworkViolations()).toEqual([]);
  });

  it('https.get gets the mocked response (msw mocks the socket; the guard lets it through)', async () => {
    expect(await getText('https://example.test/ok')).toEqual({ status: 200, body: '{"ok":true}' });
    expect(takeNetworkViolations()).toEqual([]);
  });

  it('server.use() handlers take precedence and are dropped by resetHandlers()', async () => {
    server.use(http.get('https://example.test/ok', () => HttpResponse.json({ ok: 'overridden' })));
    expect(await (await fetch('https://example.test/ok')).json()).toEqual({ ok: 'overridden' });
    server.resetHandlers();
    expect(await (await fetch('https://example.test/ok')).json()).toEqual({ ok: true });
    expect(takeNetworkViolations()).toEqual([]);
  });
});

describe('unhandled requests', () => {
  it('fetch gets a network error and the request is recorded as a violation', async () => {
    const error = await fetch('https://unhandled.example.test/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(takeNetworkViolations()).toEqual([unhandled('GET', 'https://unhandled.example.test/')]);
  });

  it('https.get fails the same way', async () => {
    await expect(getText('https://unhandled.example.test:8443/path?q=1')).rejects.toThrow();
    expect(takeNetworkViolations()).toEqual([
      unhandled('GET', 'https://unhandled.example.test:8443/path?q=1'),
    ]);
  });

  it('a handled host with an unhandled method or path is caught too', async () => {
    await expect(fetch('https://example.test/ok', { method: 'DELETE' })).rejects.toThrow(TypeError);
    await expect(fetch('https://example.test/missing')).rejects.toThrow(TypeError);
    expect(takeNetworkViolations()).toEqual([
      unhandled('DELETE', 'https://example.test/ok'),
      unhandled('GET', 'https://example.test/missing'),
    ]);
  });

  it('the catch-all stays last after resetHandlers(...next)', async () => {
    server.resetHandlers(http.get('https://example.test/next', () => HttpResponse.text('next')));
    expect(await (await fetch('https://example.test/next')).text()).toBe('next');
    await expect(fetch('https://example.test/ok')).rejects.toThrow(TypeError);
    expect(takeNetworkViolations()).toEqual([unhandled('GET', 'https://example.test/ok')]);
  });

  it('an IP-literal metadata address cannot be mocked: the socket guard refuses it first', async () => {
    const error = await fetch('http://169.254.169.254/latest/meta-data/').catch((e: unknown) => e);
    expect((error as Error).cause).toMatchObject({ code: GUARD_ERROR_CODE });
    expect(takeNetworkViolations()).toEqual([
      {
        kind: 'connect',
        host: '169.254.169.254',
        port: 80,
        via: 'net.Socket#connect',
        stack: expect.any(String),
      },
    ]);
  });
});

describe('listen()', () => {
  it('rejects the msw 2 option name, which msw 3 would silently ignore', () => {
    const fake = createFakeServer();
    expect(() => fake.listen({ onUnhandledRequest: 'error' } as never)).toThrow(/onUnhandledFrame/);
    expect(() => fake.listen({ onUnhandledFrame: 'bypass' } as never)).toThrow(/onUnhandledFrame: 'error'/);
    expect(fake.listening).toBe(false);
  });
});
