// msw fakes for adapter tests: layer 1 of DESIGN.md §7.
//
//   const server = createFakeServer(http.get('https://vault.example.test/v1/secret/data/db', () => ...));
//   beforeAll(() => server.listen());
//   afterEach(() => server.resetHandlers());
//   afterAll(() => server.close());
//
// Two safety nets, both always on:
// - Every fake ends with a catch-all `http.all('*')` that answers with a network error and records the
//   request (method + URL) as a violation in the network guard (./network-guard.ts). The guard's global
//   afterEach then fails the test, even when the code under test swallowed the error; a test that
//   sends an unhandled request on purpose asserts it with `takeNetworkViolations()`. One list, one
//   take function, one afterEach for both layers, wherever the server was created.
//   `server.use()` prepends, and `server.resetHandlers(...next)` is wrapped to append the catch-all
//   again, so it stays last.
// - `server.listen()` always runs with `onUnhandledFrame: 'error'` (anything msw cannot match at all,
//   e.g. a WebSocket connection, errors instead of going out). msw 3 renamed this option: it ignores
//   the msw 2 name `onUnhandledRequest` without a word and falls back to "warn", which lets
//   unhandled requests through to the network, so passing that name (or a weaker strategy) throws.
import { type AnyHandler, HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { recordNetworkViolation } from './network-guard.js';

export const unhandledRequestCatchAll = http.all('*', ({ request }) => {
  const url = new URL(request.url);
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  recordNetworkViolation({
    kind: 'unhandled-request',
    host: url.hostname,
    port,
    via: 'msw catch-all (no handler matched)',
    request: { method: request.method, url: request.url },
  });
  return HttpResponse.error();
});

/** An msw 3 server for the given handlers, ending with the recording catch-all; not yet listening. */
export function createFakeServer(...handlers: AnyHandler[]): SetupServer {
  const server = setupServer(...handlers, unhandledRequestCatchAll);

  const { listen, resetHandlers } = server;
  server.listen = (options) => {
    const given: Record<string, unknown> = { ...options };
    if ('onUnhandledRequest' in given) {
      throw new Error(
        'createFakeServer: msw 3 renamed `onUnhandledRequest` to `onUnhandledFrame` and silently ignores the ' +
          "old name; fakes always listen with { onUnhandledFrame: 'error' }, so pass no option.",
      );
    }
    if (given.onUnhandledFrame !== undefined && given.onUnhandledFrame !== 'error') {
      throw new Error(
        "createFakeServer: fakes always listen with { onUnhandledFrame: 'error' } (DESIGN.md §7).",
      );
    }
    listen({ ...options, onUnhandledFrame: 'error' });
  };
  server.resetHandlers = (...next) => {
    if (next.length === 0) resetHandlers();
    else resetHandlers(...next, unhandledRequestCatchAll);
  };
  return server;
}
