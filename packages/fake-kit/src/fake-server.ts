// createFakeServer: the host every wire fake runs on. msw in-process (always onUnhandledFrame 'error'),
// a recording catch-all kept last, and the same handlers on a loopback socket for other processes.
import { type AnyHandler, HttpResponse, http, passthrough, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { intercept, type UnhandledRequest } from './interception.js';
import { checkHostArguments, checkListenOptions, checkSocketOptions } from './option-checks.js';
import { type SocketListener, startSocketListener } from './socket-listener.js';

export type { UnhandledRequest } from './interception.js';

export interface FakeServerOptions {
  /**
   * Called for every unhandled request, after it is added to `unhandledRequests`: e.g. to tell a test
   * runner's network guard, so the test fails even when the code under test swallowed the error.
   * @default none (the request is only recorded)
   */
  onUnhandled?: (request: UnhandledRequest) => void;
}

export interface SocketOptions {
  /** The port on 127.0.0.1. @default 0 (any free port; read it from the listener) */
  port?: number;
  /**
   * The origin the handlers see: a request for `/v1/x` on the socket is matched as `<origin>/v1/x`, so
   * handlers written for the real service host answer it unchanged. @default the socket's own URL
   */
  origin?: string;
}

export interface FakeHost {
  /** The initial handlers, the catch-all last, for your own `setupServer` (then listen with `onUnhandledFrame: 'error'`). */
  readonly handlers: ReadonlyArray<AnyHandler>;
  /** Whether in-process interception is on for this host (`listen()` called, `close()` not since). */
  readonly listening: boolean;
  /** Requests no handler answered, in arrival order, from both modes; `reset()` clears them. */
  readonly unhandledRequests: ReadonlyArray<UnhandledRequest>;
  /**
   * Starts in-process interception with `onUnhandledFrame: 'error'` (no-op if on); throws for any other
   * option. Several hosts may listen at once: one msw server asks each in turn, the newest first.
   */
  listen(options?: { onUnhandledFrame?: 'error' }): void;
  /** Serves the same handlers over HTTP/1.1 on 127.0.0.1 (never another address). May run beside `listen()`. */
  listenOnSocket(options?: SocketOptions): Promise<SocketListener>;
  /** Prepends handlers (in both modes), until `reset()`/`resetHandlers()`; the catch-all stays last. */
  use(...handlers: AnyHandler[]): void;
  /** Drops `use()` handlers; with arguments, they replace the initial handlers, the catch-all still last. */
  resetHandlers(...next: AnyHandler[]): void;
  /** `resetHandlers()` and forgets the unhandled requests (a fake's own state is the fake's to clear). */
  reset(): void;
  /** Stops interception at once and every socket; settles when the sockets' ports are free. */
  close(): Promise<void>;
}

/** A host for `handlers`: not intercepting anything until `listen()` or `listenOnSocket()`. */
export function createFakeServer(handlers: AnyHandler[], options: FakeServerOptions = {}): FakeHost {
  checkHostArguments(handlers, options);
  const unhandled: UnhandledRequest[] = [];
  const sockets = new Set<SocketListener>();
  const socketOrigins = new Set<string>();

  const recordUnhandled = (request: Request) => {
    const entry = Object.freeze({ method: request.method, url: request.url });
    unhandled.push(entry);
    options.onUnhandled?.(entry);
  };
  // While msw intercepts in-process, requests to our own socket must reach it, not the catch-all.
  const toOwnSocket = http.all('*', ({ request }) =>
    socketOrigins.has(new URL(request.url).origin) ? passthrough() : undefined,
  );
  // The catch-all (DESIGN §7): records the request and answers with a network error.
  const catchAll = http.all('*', ({ request }) => {
    recordUnhandled(request);
    return HttpResponse.error();
  });
  const framed = (middle: AnyHandler[]) => [
    toOwnSocket,
    ...middle.filter((handler) => handler !== toOwnSocket && handler !== catchAll),
    catchAll,
  ];
  const initial = framed(handlers);
  // Never listening itself: it holds the handlers, with msw's own use()/resetHandlers() semantics.
  const container = setupServer(...initial);
  const current = (without: AnyHandler) =>
    container
      .listHandlers()
      .filter((handler): handler is RequestHandler => handler.kind === 'request' && handler !== without);
  let stopIntercepting: (() => void) | undefined;

  return {
    handlers: initial,
    get listening() {
      return stopIntercepting !== undefined;
    },
    unhandledRequests: unhandled,
    listen(listenOptions) {
      checkListenOptions(listenOptions);
      stopIntercepting ??= intercept({
        handlers: () => current(catchAll),
        record: (entry) => unhandled.push(entry),
        onUnhandled: options.onUnhandled,
      });
    },
    async listenOnSocket(socketOptions) {
      const { port, origin } = checkSocketOptions(socketOptions);
      const listener = await startSocketListener(port, origin, {
        handlers: () => current(toOwnSocket),
        recordUnhandled,
      });
      const own = [listener.url, `http://localhost:${listener.port}`];
      for (const url of own) socketOrigins.add(url);
      sockets.add(listener);
      return {
        url: listener.url,
        port: listener.port,
        close: async () => {
          sockets.delete(listener);
          for (const url of own) socketOrigins.delete(url);
          await listener.close();
        },
      };
    },
    use(...more) {
      container.use(...more);
    },
    resetHandlers(...next) {
      if (next.length === 0) container.resetHandlers();
      else container.resetHandlers(...framed(next));
    },
    reset() {
      container.resetHandlers();
      unhandled.length = 0;
    },
    async close() {
      stopIntercepting?.();
      stopIntercepting = undefined;
      const open = [...sockets];
      sockets.clear();
      socketOrigins.clear();
      await Promise.all(open.map((listener) => listener.close()));
    },
  };
}
