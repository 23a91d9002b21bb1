// msw fakes for the repository's tests: layer 1 of DESIGN.md §7, built on @secretkit/fake-kit.
//
//   const server = createFakeServer(http.get('https://vault.example.test/v1/secret/data/db', () => ...));
//   beforeAll(() => server.listen());
//   afterEach(() => server.resetHandlers());
//   afterAll(() => server.close());
//
// The kit keeps a recording catch-all last and always listens with `onUnhandledFrame: 'error'`
// (msw 3 ignores the msw 2 name `onUnhandledRequest`, which would let requests out). Here every
// unhandled request also becomes a network-guard violation, so the guard's afterEach fails the
// test even when the code under test swallowed the error.
import { createFakeServer as createHost, type FakeHost, type UnhandledRequest } from '@secretkit/fake-kit';
import type { AnyHandler } from 'msw';
import { recordNetworkViolation } from './network-guard.js';

/** Pass as `onUnhandled` to any kit-based fake (e.g. in adapter fixtures). */
export function reportUnhandledToGuard(request: UnhandledRequest): void {
  const url = new URL(request.url);
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  recordNetworkViolation({
    kind: 'unhandled-request',
    host: url.hostname,
    port,
    via: 'msw catch-all (no handler matched)',
    request: { method: request.method, url: request.url },
  });
}

/** A kit host for the given handlers whose unhandled requests fail the test; not yet listening. */
export function createFakeServer(...handlers: AnyHandler[]): FakeHost {
  return createHost(handlers, { onUnhandled: reportUnhandledToGuard });
}
