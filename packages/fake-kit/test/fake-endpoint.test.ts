// fakeEndpoint: the lifecycle members an event-bus fake spreads into itself — the host's own handlers,
// endpoint and live unhandled requests, listen/close handed to the host, and a reset that clears the
// fake's state in the order given before it resets the host.
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createCallLog,
  createFakeServer,
  createFaultQueue,
  type FakeHost,
  fakeEndpoint,
} from '../src/index.js';

const ENDPOINT = 'https://queue.example.test';

/** A FakeHost that only logs which of its members were called, in `order`. */
function loggingHost(order: string[]) {
  const closed = Promise.resolve();
  const host = {
    handlers: [http.all('*', () => HttpResponse.error())],
    listening: false,
    unhandledRequests: [{ method: 'GET', url: `${ENDPOINT}/missing` }],
    listen: vi.fn(() => {
      order.push('host.listen');
    }),
    listenOnSocket: vi.fn(),
    use: vi.fn(),
    resetHandlers: vi.fn(),
    reset: vi.fn(() => {
      order.push('host.reset');
    }),
    close: vi.fn(() => {
      order.push('host.close');
      return closed;
    }),
  } satisfies FakeHost;
  return { host, closed };
}

/** State a fake keeps (queues, faults, calls…) that logs its clear() in `order`. */
const loggingState = (name: string, order: string[]) => ({ clear: () => order.push(`${name}.clear`) });

describe('fakeEndpoint over any host', () => {
  it('exposes the host itself, its handlers, the endpoint and its unhandled requests', () => {
    const { host } = loggingHost([]);
    const fake = fakeEndpoint(host, ENDPOINT, []);
    expect(fake.host).toBe(host);
    expect(fake.handlers).toBe(host.handlers);
    expect(fake.endpoint).toBe(ENDPOINT);
    expect(fake.unhandledRequests).toBe(host.unhandledRequests);
  });

  it('hands listen() to the host without options and close() with the host’s own promise, once each', () => {
    const order: string[] = [];
    const { host, closed } = loggingHost(order);
    const fake = fakeEndpoint(host, ENDPOINT, [loggingState('calls', order)]);
    fake.listen();
    const closing = fake.close();
    expect(host.listen).toHaveBeenCalledExactlyOnceWith();
    expect(closing).toBe(closed);
    expect(order).toEqual(['host.listen', 'host.close']);
  });

  it.each([
    ['no state', [], ['host.reset']],
    ['one state', ['calls'], ['calls.clear', 'host.reset']],
    [
      'states in the given order',
      ['queues', 'faults', 'calls'],
      ['queues.clear', 'faults.clear', 'calls.clear', 'host.reset'],
    ],
  ])('reset() with %s clears each once, in order, then resets the host', (_, names, expected) => {
    const order: string[] = [];
    const { host } = loggingHost(order);
    const fake = fakeEndpoint(
      host,
      ENDPOINT,
      names.map((name) => loggingState(name, order)),
    );
    fake.reset();
    expect(order).toEqual(expected);
  });

  it('lets the error of a state whose clear() throws out of reset()', () => {
    const { host } = loggingHost([]);
    const failure = new Error('clear failed');
    const broken = {
      clear: () => {
        throw failure;
      },
    };
    expect(() => fakeEndpoint(host, ENDPOINT, [broken]).reset()).toThrow(failure);
  });
});

describe('fakeEndpoint over a real fake host', () => {
  const host = createFakeServer([http.get(`${ENDPOINT}/ok`, () => HttpResponse.json({ ok: true }))]);
  const calls = createCallLog<{ path: string }>();
  const faults = createFaultQueue<number>();
  const fake = fakeEndpoint(host, ENDPOINT, [faults, calls]);
  afterEach(() => fake.close());

  it('intercepts while listening, records what no handler answers, and reset() forgets it all', async () => {
    fake.listen();
    host.use(http.get(`${ENDPOINT}/extra`, () => HttpResponse.json({ extra: true })));
    calls.record({ path: '/ok' });
    faults.failNext(503);
    expect(await (await fetch(`${ENDPOINT}/ok`)).json()).toEqual({ ok: true });
    await expect(fetch(`${ENDPOINT}/missing`)).rejects.toThrow(TypeError);
    expect(fake.unhandledRequests).toEqual([{ method: 'GET', url: `${ENDPOINT}/missing` }]);
    fake.reset();
    expect([fake.unhandledRequests.length, calls.log.length, faults.pending]).toEqual([0, 0, 0]);
    expect(await (await fetch(`${ENDPOINT}/ok`)).json()).toEqual({ ok: true });
    await expect(fetch(`${ENDPOINT}/extra`)).rejects.toThrow(TypeError);
    expect(fake.unhandledRequests).toEqual([{ method: 'GET', url: `${ENDPOINT}/extra` }]);
  });

  it('stops intercepting on close()', async () => {
    fake.listen();
    expect(host.listening).toBe(true);
    await fake.close();
    expect(host.listening).toBe(false);
  });
});
