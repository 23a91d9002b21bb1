// createFakeServer in-process: the recording catch-all stays last through use()/resetHandlers(), the
// onUnhandled hook hears every unhandled request, and listen() refuses msw 2's option name.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeServer, type UnhandledRequest } from '../src/index.js';

const heard: UnhandledRequest[] = [];
const host = createFakeServer(
  [
    http.get('https://service.example.test/ok', () => HttpResponse.json({ ok: true })),
    http.post('https://service.example.test/echo', async ({ request }) =>
      HttpResponse.text(await request.text()),
    ),
  ],
  { onUnhandled: (request) => heard.push(request) },
);

beforeAll(() => host.listen());
afterEach(() => {
  host.reset();
  heard.length = 0;
});
afterAll(() => host.close());

const text = async (url: string, init?: RequestInit) => (await fetch(url, init)).text();
const unhandled = (method: string, url: string) => ({ method, url });

describe('handled requests', () => {
  it('are answered by the handlers and recorded nowhere', async () => {
    expect(await text('https://service.example.test/ok')).toBe('{"ok":true}');
    expect(await text('https://service.example.test/echo', { method: 'POST', body: 'ping' })).toBe('ping');
    expect(host.unhandledRequests).toEqual([]);
    expect(heard).toEqual([]);
  });
});

describe('the catch-all', () => {
  it('answers an unknown host, method or path with a network error and records it once, in order', async () => {
    await expect(fetch('https://elsewhere.example.test/a?b=1')).rejects.toThrow(TypeError);
    await expect(fetch('https://service.example.test/ok', { method: 'DELETE' })).rejects.toThrow(TypeError);
    await expect(fetch('https://service.example.test/missing')).rejects.toThrow(TypeError);
    const expected = [
      unhandled('GET', 'https://elsewhere.example.test/a?b=1'),
      unhandled('DELETE', 'https://service.example.test/ok'),
      unhandled('GET', 'https://service.example.test/missing'),
    ];
    expect(host.unhandledRequests).toEqual(expected);
    expect(heard).toEqual(expected);
  });

  it('stays last after use(): a used handler wins, one that falls through reaches the catch-all', async () => {
    host.use(
      http.get('https://service.example.test/ok', () => HttpResponse.json({ ok: 'used' })),
      http.get('https://service.example.test/maybe', () => undefined),
    );
    expect(await text('https://service.example.test/ok')).toBe('{"ok":"used"}');
    await expect(fetch('https://service.example.test/maybe')).rejects.toThrow(TypeError);
    expect(host.unhandledRequests).toEqual([unhandled('GET', 'https://service.example.test/maybe')]);
  });

  it('stays last after resetHandlers(...next), which replaces the initial handlers', async () => {
    host.resetHandlers(http.get('https://service.example.test/next', () => HttpResponse.text('next')));
    expect(await text('https://service.example.test/next')).toBe('next');
    await expect(fetch('https://service.example.test/ok')).rejects.toThrow(TypeError);
    host.use(http.get('https://service.example.test/used', () => HttpResponse.text('used')));
    host.resetHandlers(); // back to `next`, as msw does: the used handler goes, the catch-all stays
    await expect(fetch('https://service.example.test/used')).rejects.toThrow(TypeError);
    expect(await text('https://service.example.test/next')).toBe('next');
    expect(host.unhandledRequests).toEqual([
      unhandled('GET', 'https://service.example.test/ok'),
      unhandled('GET', 'https://service.example.test/used'),
    ]);
    host.resetHandlers(...host.handlers); // the host's own handlers again, framed once
    expect(await text('https://service.example.test/ok')).toBe('{"ok":true}');
    await expect(fetch('https://service.example.test/next')).rejects.toThrow(TypeError);
    expect(host.unhandledRequests).toHaveLength(3); // one record each: the catch-all was not doubled
  });

  it('reset() drops used handlers and forgets unhandled requests', async () => {
    host.use(http.get('https://service.example.test/ok', () => HttpResponse.text('used')));
    await expect(fetch('https://service.example.test/nope')).rejects.toThrow(TypeError);
    expect(host.unhandledRequests).toHaveLength(1);
    host.reset();
    expect(host.unhandledRequests).toEqual([]);
    expect(await text('https://service.example.test/ok')).toBe('{"ok":true}');
  });

  it('is the last of `handlers`, so a server you set up yourself records into the host too', async () => {
    const own = createFakeServer([http.get('https://own.example.test/ok', () => HttpResponse.text('own'))]);
    expect(own.handlers).toHaveLength(3); // the loopback-socket passthrough, the handler, the catch-all
    await host.close();
    const server = setupServer(...own.handlers);
    server.listen({ onUnhandledFrame: 'error' });
    try {
      expect(await text('https://own.example.test/ok')).toBe('own');
      await expect(fetch('https://own.example.test/other')).rejects.toThrow(TypeError);
    } finally {
      server.close();
      host.listen();
    }
    expect(own.unhandledRequests).toEqual([unhandled('GET', 'https://own.example.test/other')]);
  });
});

describe('listen()', () => {
  it("refuses msw 2's onUnhandledRequest, which msw 3 ignores and then lets requests out", () => {
    const fresh = createFakeServer([]);
    expect(() => fresh.listen({ onUnhandledRequest: 'error' } as never)).toThrow(
      /renamed `onUnhandledRequest` to `onUnhandledFrame`/,
    );
    expect(fresh.listening).toBe(false);
  });

  it("refuses any strategy but 'error' and unknown options; accepts { onUnhandledFrame: 'error' }", async () => {
    const fresh = createFakeServer([]);
    expect(() => fresh.listen({ onUnhandledFrame: 'bypass' } as never)).toThrow(
      "listen: fakes always listen with { onUnhandledFrame: 'error' }, not bypass",
    );
    expect(() => fresh.listen({ onUnhandledFrame: 'warn' } as never)).toThrow(/not warn/);
    expect(() => fresh.listen({ quiet: true } as never)).toThrow('listen: unknown option "quiet"');
    expect(fresh.listening).toBe(false);
    fresh.listen({ onUnhandledFrame: 'error' });
    fresh.listen(); // a second listen() is a no-op
    expect(fresh.listening).toBe(true);
    await fresh.close();
    expect(fresh.listening).toBe(false);
  });

  it('works again after close(), which stops interception before its promise settles', async () => {
    const closing = host.close();
    expect(host.listening).toBe(false);
    await closing;
    host.listen();
    expect(await text('https://service.example.test/ok')).toBe('{"ok":true}');
  });
});

describe('createFakeServer()', () => {
  it('refuses onUnhandledRequest, unknown options, a bad hook and handlers not in one array', () => {
    expect(() => createFakeServer([], { onUnhandledRequest: 'error' } as never)).toThrow(/onUnhandledFrame/);
    expect(() => createFakeServer([], { onUnhandeld: vi.fn() } as never)).toThrow(
      'createFakeServer: unknown option "onUnhandeld"; expected one of: onUnhandled',
    );
    expect(() => createFakeServer([], { onUnhandled: 'yes' } as never)).toThrow(
      /onUnhandled must be a function/,
    );
    const handler = http.get('https://service.example.test/a', () => HttpResponse.text('a'));
    expect(() => createFakeServer(handler as never, handler as never)).toThrow(/one array/);
  });
});
