// @secretkit/doppler/testing: a wire-level fake of Doppler's secrets download endpoint on the fake
// kit, in-process (msw) and on a loopback socket for another process (a CLI under test).
import {
  type CallLog,
  type Clock,
  createCallLog,
  createFakeClock,
  createFakeServer,
  createFaultQueue,
  type FailNextOptions,
  type FakeHost,
  type FakeServerOptions,
  type SocketListener,
} from '@secretkit/fake-kit';
import { type DopplerFaultSpec, toFault } from './faults.js';
import {
  createRateLimiter,
  type DopplerCall,
  type DopplerFaultRequest,
  dopplerHandlers,
} from './handlers.js';
import { type ConfigRef, createDopplerStore, randomToken } from './store.js';

export type { DopplerFault, DopplerFaultSpec } from './faults.js';
export type { DopplerCall, DopplerFaultRequest } from './handlers.js';
export type { ConfigRef } from './store.js';

export interface DopplerFakeOptions {
  /** The API URL the fake answers; give it to `dopplerSecrets({ apiUrl })`. @default 'https://api.doppler.test' */
  apiUrl?: string;
  /** The default config's project. @default 'example-project' */
  project?: string;
  /** The default config. @default 'dev' */
  config?: string;
  /** The default config's environment. @default the config's name up to its first `_` */
  environment?: string;
  /** The service token of the default config. @default a random `dp.st.<config>.…` */
  serviceToken?: string;
  /** A personal token, which reads every config of the fake. @default a random `dp.pt.…` */
  personalToken?: string;
  /** Requests per token and minute before Doppler's 429 (Retry-After: seconds to the next minute). @default no limit */
  requestsPerMinute?: number;
  /** The clock of the rate limit's minutes. @default createFakeClock() (follows Date.now(), so fake timers drive it) */
  clock?: Clock;
  /** Hears every request no handler answered (the repository's tests pass `reportUnhandledToGuard`). @default none */
  onUnhandled?: FakeServerOptions['onUnhandled'];
}

export interface DopplerFake {
  readonly apiUrl: string;
  readonly project: string;
  readonly config: string;
  readonly environment: string;
  readonly serviceToken: string;
  readonly personalToken: string;
  /** The fake kit's host (`use()` a handler of your own, `unhandledRequests`). */
  readonly host: FakeHost;
  /** Every download answered, in order. */
  readonly calls: CallLog<DopplerCall>;
  /** Intercepts in-process (msw, always `onUnhandledFrame: 'error'`). */
  listen(): void;
  /** Serves the fake on `http://127.0.0.1:<port>`: pass `dopplerSecrets({ apiUrl: socket.url })`. */
  listenOnSocket(options?: { port?: number }): Promise<SocketListener>;
  /** Sets a secret natively (default config unless `target`); returns the config's new ETag. */
  put(name: string, value: string, target?: ConfigRef): string;
  /** Deletes a secret natively; false when there was none. */
  remove(name: string, target?: ConfigRef): boolean;
  /** The config's current ETag (what a download would send). */
  etag(target?: ConfigRef): string;
  /** Adds a config (until `reset()`), with its own service token. */
  addConfig(ref: ConfigRef & { environment?: string; serviceToken?: string }): { serviceToken: string };
  /** Fails the next matching download(s) natively: a code (`ACCESS_DENIED` → 403…), a status, `'drop'` or a fault. */
  failNext(fault: DopplerFaultSpec, options?: FailNextOptions<DopplerFaultRequest>): void;
  /** Back to one empty default config (same tokens); clears the log, faults, rate limit and `use()` handlers. */
  reset(): void;
  /** Stops intercepting and every socket. */
  close(): Promise<void>;
}

export function createDopplerFake(options: DopplerFakeOptions = {}): DopplerFake {
  const apiUrl = (options.apiUrl ?? 'https://api.doppler.test').replace(/\/+$/, '');
  const ref: ConfigRef = { project: options.project ?? 'example-project', config: options.config ?? 'dev' };
  const serviceToken = options.serviceToken ?? randomToken(`dp.st.${ref.config}.`);
  const personalToken = options.personalToken ?? randomToken('dp.pt.');
  const store = createDopplerStore();
  const calls = createCallLog<DopplerCall>();
  const faults = createFaultQueue<ReturnType<typeof toFault>, DopplerFaultRequest>();
  const limiter = createRateLimiter(options.requestsPerMinute, options.clock ?? createFakeClock());
  const host = createFakeServer(dopplerHandlers({ apiUrl, store, calls, faults, limiter }), {
    ...(options.onUnhandled ? { onUnhandled: options.onUnhandled } : {}),
  });
  const init = () => {
    store.addConfig({ ...ref, environment: options.environment });
    store.addToken(serviceToken, { kind: 'service', ref });
    store.addToken(personalToken, { kind: 'personal' });
  };
  init();
  const configOf = (target: ConfigRef = ref) => store.get(target);

  return {
    apiUrl,
    ...ref,
    environment: configOf().environment,
    serviceToken,
    personalToken,
    host,
    calls,
    listen: () => host.listen(),
    listenOnSocket: (socket = {}) => host.listenOnSocket({ ...socket, origin: apiUrl }),
    put: (name, value, target) => store.put(configOf(target), name, value),
    remove: (name, target) => store.remove(configOf(target), name),
    etag: (target) => store.etag(configOf(target)),
    addConfig({ serviceToken: token, ...added }) {
      store.addConfig(added);
      const issued = token ?? randomToken(`dp.st.${added.config}.`);
      store.addToken(issued, { kind: 'service', ref: { project: added.project, config: added.config } });
      return { serviceToken: issued };
    },
    failNext: (fault, failOptions) => faults.failNext(toFault(fault), failOptions),
    reset() {
      store.clear();
      init();
      calls.clear();
      faults.clear();
      limiter.clear();
      host.reset();
    },
    close: () => host.close(),
  };
}
