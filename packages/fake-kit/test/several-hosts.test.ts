// Several hosts listening in-process at once (msw 3 alone cannot: its interceptors are process-wide),
// and interception ending with the last close().
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeServer, type FakeHost } from '../src/index.js';

let plain: Server;
let plainUrl: string;
beforeAll(async () => {
  plain = createServer((_request, response) => response.end('plain'));
  await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
  plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => plain.close(resolve)));

const hosts: FakeHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

function hostFor(name: string, options = {}) {
  const host = createFakeServer(
    [
      http.get(`https://${name}.example.test/`, () => HttpResponse.text(name)),
      http.get('https://shared.example.test/', () => HttpResponse.text(name)),
    ],
    options,
  );
  hosts.push(host);
  return host;
}

const text = async (url: string) => (await fetch(url)).text();

describe('several hosts listening', () => {
  it('each answers its own requests; the newest answers a URL both handle', async () => {
    const aws = hostFor('aws');
    const vault = hostFor('vault');
    aws.listen();
    vault.listen();
    expect(await text('https://aws.example.test/')).toBe('aws');
    expect(await text('https://vault.example.test/')).toBe('vault');
    expect(await text('https://shared.example.test/')).toBe('vault');
    expect([aws.unhandledRequests, vault.unhandledRequests]).toEqual([[], []]);
  });

  it('an unhandled request is recorded by every host and a shared hook hears it once', async () => {
    const hook = vi.fn();
    const own = vi.fn();
    const aws = hostFor('aws', { onUnhandled: hook });
    const vault = hostFor('vault', { onUnhandled: hook });
    const gcp = hostFor('gcp', { onUnhandled: own });
    for (const host of [aws, vault, gcp]) host.listen();
    await expect(fetch('https://nobody.example.test/x')).rejects.toThrow(TypeError);
    const entry = { method: 'GET', url: 'https://nobody.example.test/x' };
    for (const host of [aws, vault, gcp]) expect(host.unhandledRequests).toEqual([entry]);
    expect(hook.mock.calls).toEqual([[entry]]);
    expect(own.mock.calls).toEqual([[entry]]);
  });

  it('closing one leaves the others intercepting; the last close() ends interception', async () => {
    const aws = hostFor('aws');
    const vault = hostFor('vault');
    aws.listen();
    vault.listen();
    await vault.close();
    expect(await text('https://aws.example.test/')).toBe('aws');
    await expect(fetch(plainUrl)).rejects.toThrow(TypeError); // intercepted: the catch-all answers
    expect(aws.unhandledRequests).toEqual([{ method: 'GET', url: plainUrl }]);
    expect(vault.unhandledRequests).toEqual([]);
    await aws.close();
    expect(await text(plainUrl)).toBe('plain'); // nothing intercepts any more
    expect(aws.unhandledRequests).toHaveLength(1);
  });

  it('a handler that reads the body and falls through leaves it readable for the next host', async () => {
    const reader = createFakeServer([
      http.post('https://body.example.test/', async ({ request }) => {
        await request.text();
        return undefined;
      }),
    ]);
    const answerer = createFakeServer([
      http.post('https://body.example.test/', async ({ request }) => HttpResponse.text(await request.text())),
    ]);
    hosts.push(reader, answerer);
    answerer.listen();
    reader.listen(); // the newest: asked first
    const response = await fetch('https://body.example.test/', { method: 'POST', body: 'payload' });
    expect(await response.text()).toBe('payload');
  });
});
