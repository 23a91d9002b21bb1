// createSecretManagerFake: one in-memory Secret Manager served over both wires — msw handlers for
// REST and a local gRPC server — driven by the real client. Shared state, faults and counters.
import { type HttpHandler, HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { type FakeCalls, FakeDispatcher } from './fake-dispatch.js';
import type { FailNextOptions, FaultName } from './fake-faults.js';
import { type FakeSecret, FakeSecretStore, type VersionState } from './fake-store.js';
import { type FakeGrpcServer, startGrpcServer } from './grpc-server.js';
import { createRestHandlers } from './rest-handlers.js';

export interface SecretManagerFakeOptions {
  /** The project id the fake answers for. @default 'test-project' */
  projectId?: string;
  /** The project number in response names (the service answers with numbers). @default '123456789012' */
  projectNumber?: string;
  /** Default location of the native helpers (undefined: global secrets). @default undefined */
  location?: string;
  /** Largest list page the fake returns, whatever pageSize asks. @default 25000 */
  listPageSize?: number;
}

/** Where a native helper acts: a secret id, in the fake's default location unless given. */
export interface FakeTarget {
  location?: string;
}

export interface SecretManagerFake {
  readonly projectId: string;
  readonly projectNumber: string;
  readonly location: string | undefined;
  /** The msw handlers for the REST wire (global and regional hosts), the recording catch-all last. */
  readonly restHandlers: HttpHandler[];
  /** Starts an msw server with `restHandlers` and `onUnhandledFrame: 'error'`. */
  listen(): SetupServer;
  /** Starts a gRPC server on 127.0.0.1 over the same state. */
  startGrpc(): Promise<FakeGrpcServer>;
  /** Stops the msw server and every gRPC server started. */
  close(): Promise<void>;
  /** Forgets every secret, fault, call and unhandled request. */
  reset(): void;
  /** Adds a version natively (creating the secret if needed); returns its number as a string. */
  put(secretId: string, value: string | Uint8Array, target?: FakeTarget): string;
  /** Deletes a secret natively; false when there was none. */
  remove(secretId: string, target?: FakeTarget): boolean;
  /** Sets a version's state (DESTROYED also drops its data and aliases). */
  setState(secretId: string, version: string, state: VersionState, target?: FakeTarget): void;
  /** Points an alias at a version. */
  setAlias(secretId: string, alias: string, version: string, target?: FakeTarget): void;
  /** The next AccessSecretVersion answer(s) carry a wrong `dataCrc32c`. */
  corruptNextChecksum(times?: number): void;
  /** The next AccessSecretVersion answer(s) carry no `dataCrc32c`. */
  dropNextChecksum(times?: number): void;
  /** The next matching request(s) fail with a gRPC status name (or 'NETWORK_ERROR': no answer). */
  failNext(status: FaultName, options?: FailNextOptions): void;
  readonly calls: FakeCalls;
  /** REST requests no handler matched (answered with a network error). */
  readonly unhandledRequests: ReadonlyArray<{ method: string; url: string }>;
}

export function createSecretManagerFake(options: SecretManagerFakeOptions = {}): SecretManagerFake {
  const projectId = options.projectId ?? 'test-project';
  const projectNumber = options.projectNumber ?? '123456789012';
  const location = options.location;
  const store = new FakeSecretStore(projectId, projectNumber, options.listPageSize ?? 25000);
  const dispatcher = new FakeDispatcher();
  const unhandled: Array<{ method: string; url: string }> = [];
  const grpcServers = new Set<FakeGrpcServer>();
  let server: SetupServer | undefined;

  const recordUnhandled = (request: Request) => {
    unhandled.push({ method: request.method, url: request.url });
  };
  // The catch-all (DESIGN §7): anything else is recorded and answered with a network error.
  const catchAll = http.all('*', ({ request }) => {
    recordUnhandled(request);
    return HttpResponse.error();
  });
  const restHandlers = [...createRestHandlers(store, dispatcher, recordUnhandled), catchAll];

  function existing(secretId: string, target?: FakeTarget): FakeSecret {
    const secret = store.find(secretId, target?.location ?? location);
    if (!secret) throw new Error(`the fake holds no secret "${secretId}"`);
    return secret;
  }

  function versionOf(secret: FakeSecret, version: string) {
    const found = secret.versions.find((v) => String(v.number) === version);
    if (!found) throw new Error(`the fake holds no version ${version} of "${secret.id}"`);
    return found;
  }

  return {
    projectId,
    projectNumber,
    location,
    restHandlers,
    listen() {
      server ??= setupServer(...restHandlers);
      server.listen({ onUnhandledFrame: 'error' });
      return server;
    },
    async startGrpc() {
      const started = await startGrpcServer(store, dispatcher);
      grpcServers.add(started);
      return {
        ...started,
        close: async () => {
          grpcServers.delete(started);
          await started.close();
        },
      };
    },
    async close() {
      server?.close();
      server = undefined;
      await Promise.all([...grpcServers].map((started) => started.close()));
      grpcServers.clear();
    },
    reset() {
      store.clear();
      dispatcher.clear();
      unhandled.length = 0;
    },
    put(secretId, value, target) {
      const at = target?.location ?? location;
      const secret = store.find(secretId, at) ?? store.create(secretId, at);
      const data = typeof value === 'string' ? new TextEncoder().encode(value) : value;
      return String(store.addVersion(secret, data).number);
    },
    remove(secretId, target) {
      return store.delete(secretId, target?.location ?? location);
    },
    setState(secretId, version, state, target) {
      const secret = existing(secretId, target);
      const found = versionOf(secret, version);
      if (found.state === 'DESTROYED' && state !== 'DESTROYED')
        throw new Error('a destroyed version stays destroyed');
      found.state = state;
      if (state === 'DESTROYED') {
        found.data = new Uint8Array(0);
        found.destroyTime = new Date();
        for (const [alias, number] of secret.aliases)
          if (number === found.number) secret.aliases.delete(alias);
      }
    },
    setAlias(secretId, alias, version, target) {
      const secret = existing(secretId, target);
      if (
        alias === 'latest' ||
        alias === 'NEW' ||
        !/^[A-Za-z0-9_-]{1,63}$/.test(alias) ||
        /^\d+$/.test(alias)
      ) {
        throw new Error(`"${alias}" is not a valid alias`);
      }
      secret.aliases.set(alias, versionOf(secret, version).number);
    },
    corruptNextChecksum(times) {
      store.corruptNextChecksum(times);
    },
    dropNextChecksum(times) {
      store.dropNextChecksum(times);
    },
    failNext(status, failOptions) {
      dispatcher.failNext(status, failOptions);
    },
    calls: dispatcher.calls,
    unhandledRequests: unhandled,
  };
}
