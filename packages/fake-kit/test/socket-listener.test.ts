// Real-socket mode: the same handlers over HTTP/1.1 on 127.0.0.1, answered to fetch in this process
// and to a child process; unhandled requests dropped and recorded; close() frees the port.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { HttpResponse, http, passthrough } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeServer, type FakeHost, type UnhandledRequest } from '../src/index.js';

const SERVICE = 'https://service.example.test';
const hosts: FakeHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

function serviceHost(onUnhandled?: (request: UnhandledRequest) => void) {
  const host = createFakeServer(
    [
      http.get(`${SERVICE}/v1/secret/:name`, ({ params, request }) =>
        HttpResponse.json({
          name: params.name,
          query: new URL(request.url).search,
          token: request.headers.get('x-token'),
        }),
      ),
      http.post(`${SERVICE}/v1/echo`, async ({ request }) =>
        HttpResponse.text(await request.text(), {
          status: 201,
          statusText: 'Made',
          headers: { 'x-echo': 'yes' },
        }),
      ),
      http.get(`${SERVICE}/v1/cookies`, () => {
        const headers = new Headers([
          ['set-cookie', 'a=1'],
          ['set-cookie', 'b=2'],
        ]);
        return new HttpResponse(null, { status: 204, headers });
      }),
      http.get(`${SERVICE}/v1/drop`, () => HttpResponse.error()),
      http.get(`${SERVICE}/v1/throw`, () => {
        throw new RangeError('handler bug');
      }),
      http.get(`${SERVICE}/v1/passthrough`, () => passthrough()),
    ],
    onUnhandled ? { onUnhandled } : {},
  );
  hosts.push(host);
  return host;
}

/** Runs `node -e script` with the URL as argv[1]; resolves with its stdout and exit code. */
function runChild(script: string, url: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('listenOnSocket()', () => {
  it('answers fetch on 127.0.0.1 with the handlers, as the origin they were written for', async () => {
    const socket = await serviceHost().listenOnSocket({ origin: `${SERVICE}/ignored/path` });
    expect(socket.url).toBe(`http://127.0.0.1:${socket.port}`);
    expect(socket.port).toBeGreaterThan(0);

    const read = await fetch(`${socket.url}/v1/secret/db?version=2`, { headers: { 'x-token': 't0k' } });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ name: 'db', query: '?version=2', token: 't0k' });

    const echo = await fetch(`${socket.url}/v1/echo`, { method: 'POST', body: 'ping' });
    expect([echo.status, echo.statusText, echo.headers.get('x-echo'), await echo.text()]).toEqual([
      201,
      'Made',
      'yes',
      'ping',
    ]);

    const cookies = await fetch(`${socket.url}/v1/cookies`);
    expect([cookies.status, cookies.headers.getSetCookie()]).toEqual([204, ['a=1', 'b=2']]);
  });

  it('drops the connection for an unhandled request and records it as the handlers saw it', async () => {
    const onUnhandled = vi.fn();
    const host = serviceHost(onUnhandled);
    const socket = await host.listenOnSocket({ origin: SERVICE });
    await expect(fetch(`${socket.url}/v2/nothing?x=1`, { method: 'PUT', body: '{}' })).rejects.toThrow(
      TypeError,
    );
    const entry = { method: 'PUT', url: `${SERVICE}/v2/nothing?x=1` };
    expect(host.unhandledRequests).toEqual([entry]);
    expect(onUnhandled.mock.calls).toEqual([[entry]]);
  });

  it("without an origin, handlers see the socket's own URL (and here match nothing)", async () => {
    const host = serviceHost();
    const socket = await host.listenOnSocket();
    await expect(fetch(`${socket.url}/v1/secret/db`)).rejects.toThrow(TypeError);
    expect(host.unhandledRequests).toEqual([{ method: 'GET', url: `${socket.url}/v1/secret/db` }]);
  });

  it('drops the connection for HttpResponse.error() (a fake’s network fault) without recording it', async () => {
    const host = serviceHost();
    const socket = await host.listenOnSocket({ origin: SERVICE });
    await expect(fetch(`${socket.url}/v1/drop`)).rejects.toThrow(TypeError);
    expect(host.unhandledRequests).toEqual([]);
  });

  it('answers 500 with the name and message of a handler that throws', async () => {
    const socket = await serviceHost().listenOnSocket({ origin: SERVICE });
    const response = await fetch(`${socket.url}/v1/throw`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ name: 'RangeError', message: 'handler bug' });
  });

  it('never forwards: passthrough() and an absolute-form request target stay on the fake', async () => {
    const host = serviceHost();
    const socket = await host.listenOnSocket({ origin: SERVICE });
    await expect(fetch(`${socket.url}/v1/passthrough`)).rejects.toThrow(TypeError);
    expect(host.unhandledRequests).toEqual([{ method: 'GET', url: `${SERVICE}/v1/passthrough` }]);
    // A proxy-style request line naming another host is answered as the origin, path and query only.
    const script = `const s = require('node:net').connect(Number(new URL(process.argv[1]).port), '127.0.0.1', () =>
      s.write('GET http://elsewhere.example.test/v1/secret/p?q=1 HTTP/1.1\\r\\nHost: elsewhere.example.test\\r\\nConnection: close\\r\\n\\r\\n'));
      let out = ''; s.on('data', (d) => { out += d; }); s.on('end', () => process.stdout.write(out.split('\\r\\n\\r\\n')[1]));`;
    const child = await runChild(script, socket.url);
    expect(JSON.parse(child.stdout)).toEqual({ name: 'p', query: '?q=1', token: null });
  });

  it('serves use() handlers and drops them on reset(), as in-process', async () => {
    const host = serviceHost();
    const socket = await host.listenOnSocket({ origin: SERVICE });
    host.use(http.get(`${SERVICE}/v1/secret/:name`, () => HttpResponse.json({ used: true })));
    expect(await (await fetch(`${socket.url}/v1/secret/db`)).json()).toEqual({ used: true });
    host.reset();
    expect(await (await fetch(`${socket.url}/v1/secret/db`)).json()).toMatchObject({ name: 'db' });
  });

  it('is reachable from another process', async () => {
    const host = serviceHost();
    const socket = await host.listenOnSocket({ origin: SERVICE });
    const script = `fetch(process.argv[1] + '/v1/secret/from-child', { headers: { 'x-token': 'child' } })
      .then(async (r) => { process.stdout.write(r.status + ' ' + (await r.text())); })
      .then(() => fetch(process.argv[1] + '/unknown').then(() => process.exit(3), () => process.exit(0)));`;
    const child = await runChild(script, socket.url);
    expect(child).toEqual({ code: 0, stdout: '200 {"name":"from-child","query":"","token":"child"}' });
    expect(host.unhandledRequests).toEqual([{ method: 'GET', url: `${SERVICE}/unknown` }]);
  });

  it('runs beside in-process interception: requests to the socket pass through msw to it', async () => {
    const host = serviceHost();
    host.listen();
    const socket = await host.listenOnSocket({ origin: SERVICE });
    expect(await (await fetch(`${SERVICE}/v1/secret/in-process`)).json()).toMatchObject({
      name: 'in-process',
    });
    expect(await (await fetch(`${socket.url}/v1/secret/socket`)).json()).toMatchObject({ name: 'socket' });
    await socket.close(); // a closed socket's URL is no longer passed through: the catch-all takes it
    await expect(fetch(`${socket.url}/v1/secret/socket`)).rejects.toThrow(TypeError);
    expect(host.unhandledRequests).toEqual([{ method: 'GET', url: `${socket.url}/v1/secret/socket` }]);
  });
});

describe('closing', () => {
  const bindable = (port: number) =>
    new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });

  it('close() frees the port, also with a keep-alive connection open', async () => {
    const host = serviceHost();
    const socket = await host.listenOnSocket({ origin: SERVICE });
    await (await fetch(`${socket.url}/v1/secret/db`)).text(); // fetch keeps the connection alive
    expect(await bindable(socket.port)).toBe(false);
    await host.close();
    expect(await bindable(socket.port)).toBe(true);
    await expect(fetch(`${socket.url}/v1/secret/db`)).rejects.toMatchObject({
      cause: { code: 'ECONNREFUSED' },
    });
  });

  it('close() settles with a request still in flight, which then fails', async () => {
    const host = serviceHost();
    let arrived: () => void = () => {};
    const inHandler = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    host.use(
      http.get(`${SERVICE}/v1/hang`, () => {
        arrived();
        return new Promise<never>(() => {});
      }),
    );
    const socket = await host.listenOnSocket({ origin: SERVICE });
    const pending = fetch(`${socket.url}/v1/hang`);
    await inHandler;
    await socket.close();
    await expect(pending).rejects.toThrow(TypeError);
    expect(await bindable(socket.port)).toBe(true);
  });

  it('listens on a given port, and rejects with EADDRINUSE when it is taken', async () => {
    const first = await serviceHost().listenOnSocket();
    await expect(serviceHost().listenOnSocket({ port: first.port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    await first.close();
    const again = await serviceHost().listenOnSocket({ port: first.port });
    expect(again.port).toBe(first.port);
  });

  it('refuses bad options before binding anything', async () => {
    const host = serviceHost();
    for (const [options, message] of [
      [{ port: -1 }, /port must be an integer from 0 to 65535/],
      [{ port: 65536 }, /port must be/],
      [{ port: 80.5 }, /port must be/],
      [{ port: '8080' }, /port must be/],
      [{ origin: 'ftp://service.example.test' }, /origin must be an http\(s\) URL/],
      [{ origin: 'service.example.test' }, /origin must be/],
      [{ host: '0.0.0.0' }, /127\.0\.0\.1 only; there is no host option/],
      [{ prot: 0 }, 'listenOnSocket: unknown option "prot"; expected one of: port, origin'],
    ] as const) {
      await expect(host.listenOnSocket(options as never)).rejects.toThrow(message);
    }
  });
});
