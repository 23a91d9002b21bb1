// The lifecycle part every event-bus fake shares: its host, handlers and endpoint, listen/close, and
// a reset that forgets the fake's own state before the host's unhandled requests.
import type { FakeHost, UnhandledRequest } from './fake-server.js';

/** The members a fake built on one `FakeHost` exposes for its lifecycle. */
export interface FakeEndpoint<Handler> {
  readonly host: FakeHost;
  /** The host's handlers, for your own `setupServer`. */
  readonly handlers: ReadonlyArray<Handler>;
  /** The base URL the fake answers. */
  readonly endpoint: string;
  listen(): void;
  close(): Promise<void>;
  /** Forgets the fake's state (each of `forget`, in order), then the host's unhandled requests. */
  reset(): void;
  readonly unhandledRequests: ReadonlyArray<UnhandledRequest>;
}

/**
 * The lifecycle members of a fake served by `host` at `endpoint`; `reset` clears each of `forget`
 * (queues, faults, call log…) in order, then resets the host.
 */
export function fakeEndpoint<Handler>(
  host: FakeHost,
  endpoint: string,
  forget: ReadonlyArray<{ clear(): void }>,
): FakeEndpoint<Handler> {
  return {
    host,
    handlers: host.handlers as ReadonlyArray<Handler>,
    endpoint,
    listen: () => host.listen(),
    close: () => host.close(),
    reset() {
      for (const state of forget) state.clear();
      host.reset();
    },
    unhandledRequests: host.unhandledRequests,
  };
}
