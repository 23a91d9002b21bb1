// In-process interception shared by every listening host. msw 3's interceptors are process-wide: two
// setupServer()s listening at once answer each other's requests, and closing one stops both. So one
// msw server runs while any host listens, and asks each host in turn (the newest first).
import { getResponse, HttpResponse, http, type RequestHandler } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';

/** A request no handler answered: it got a network error (in-process) or a dropped connection (socket). */
export interface UnhandledRequest {
  readonly method: string;
  /** The URL as the handlers saw it (on a socket: the `origin` it listens as, plus path and query). */
  readonly url: string;
}

export interface InterceptedHost {
  /** The host's current handlers, without its catch-all (the shared server records for every host). */
  handlers(): RequestHandler[];
  /** Adds the request to the host's unhandled requests. */
  record(request: UnhandledRequest): void;
  readonly onUnhandled: ((request: UnhandledRequest) => void) | undefined;
}

interface InterceptionState {
  hosts: InterceptedHost[];
  server: SetupServer | undefined;
}

// On globalThis, so that two copies of the kit in one process (its ESM and CJS builds) share it too.
const STATE_KEY = Symbol.for('secretkit.fake-kit.interception');
const holder = globalThis as typeof globalThis & { [STATE_KEY]?: InterceptionState };
holder[STATE_KEY] ??= { hosts: [], server: undefined };
const state: InterceptionState = holder[STATE_KEY];

const dispatch = http.all('*', async ({ request }) => {
  for (const host of [...state.hosts].reverse()) {
    // A clone each: a handler that reads the body and falls through leaves it readable for the next.
    const response = await getResponse(host.handlers(), request.clone());
    if (response !== undefined) return response;
  }
  // Unhandled for every host: each records it, and each distinct hook hears it once.
  const entry: UnhandledRequest = Object.freeze({ method: request.method, url: request.url });
  const hooks = new Set<(request: UnhandledRequest) => void>();
  for (const host of state.hosts) {
    host.record(entry);
    if (host.onUnhandled) hooks.add(host.onUnhandled);
  }
  for (const hook of hooks) hook(entry);
  return HttpResponse.error();
});

/** Starts answering in-process requests with `host`'s handlers; returns the function that stops it. */
export function intercept(host: InterceptedHost): () => void {
  state.hosts.push(host);
  if (state.server === undefined) {
    state.server = setupServer(dispatch);
    state.server.listen({ onUnhandledFrame: 'error' });
  }
  return () => {
    const index = state.hosts.indexOf(host);
    if (index === -1) return;
    state.hosts.splice(index, 1);
    if (state.hosts.length === 0) {
      state.server?.close();
      state.server = undefined;
    }
  };
}
