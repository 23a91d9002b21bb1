// createSecretManagerFake: one in-memory Secret Manager served over both wires, driven by the real
// client: REST as msw handlers on the fake kit (in-process, or on a loopback socket for another
// process) and gRPC on a local @grpc/grpc-js server. Shared state, faults and call log.
import {
  type Clock,
  createFakeServer,
  type FakeHost,
  type SocketListener,
  type UnhandledRequest,
} from '@secretkit/fake-kit';
import type { HttpHandler } from 'msw';
import { type FakeCalls, FakeDispatcher } from './fake-dispatch.js';
import { createGcpFaults, type FailNextOptions, type FaultName, type RawResponder } from './fake-faults.js';
import { SecretManagerRpcs } from './fake-rpcs.js';
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
  /** Where the fake reads time (createTime, destroyTime): `createFakeClock()` to pin or move it. @default Date.now() */
  clock?: Clock;
}

/** Where a native helper acts: a secret id, in the fake's default location unless given. */
export interface FakeTarget {
  location?: string;
}

/** The REST wire on a loopback socket, and the client options that reach it. */
export interface FakeRestSocket extends SocketListener {
  /** For `gcpSecretManager({ transport: 'rest', clientOptions })`: plain HTTP to 127.0.0.1. */
  readonly clientOptions: { apiEndpoint: string; port: number; protocol: 'http' };
}

export interface SecretManagerFake {
  readonly projectId: string;
  readonly projectNumber: string;
  readonly location: string | undefined;
  /** The msw handlers for the REST wire (global and regional hosts), the recording catch-all last. */
  readonly restHandlers: ReadonlyArray<HttpHandler>;
  /** The fake kit's host the REST wire runs on (`use()` extra handlers, in both modes). */
  readonly host: FakeHost;
  /** Answers this process's REST requests (msw in-process, `onUnhandledFrame: 'error'`). */
  listen(): void;
  /**
   * Answers REST on `http://127.0.0.1:<port>` too (real-socket mode), so another process can use the
   * fake: as the global host, or the regional host of `location`. Close it, or `close()` the fake.
   */
  listenOnSocket(options?: { port?: number; location?: string }): Promise<FakeRestSocket>;
  /** Starts a gRPC server on 127.0.0.1 over the same state. */
  startGrpc(): Promise<FakeGrpcServer>;
  /** Stops REST (in-process and every socket) and every gRPC server started. */
  close(): Promise<void>;
  /** Forgets every secret, fault, call, unhandled request and handler added with `host.use()`. */
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
  /**
   * The next matching request(s) fail with a gRPC status name (or 'NETWORK_ERROR': no answer on REST,
   * UNAVAILABLE on gRPC), with RetryInfo, ErrorInfo and RequestInfo details when asked.
   */
  failNext(status: FaultName, options?: FailNextOptions): void;
  /**
   * The next matching REST request(s) get `respond(request)` as is: a proxy's HTML page, a truncated
   * body, a server echoing what it was sent. gRPC requests never take it. Queued with `failNext`.
   */
  answerNext(respond: RawResponder, options?: Pick<FailNextOptions, 'times' | 'operations'>): void;
  readonly calls: FakeCalls;
  /** REST requests no handler matched (answered with a network error, or a dropped socket connection). */
  readonly unhandledRequests: ReadonlyArray<UnhandledRequest>;
}

export function createSecretManagerFake(options: SecretManagerFakeOptions = {}): SecretManagerFake {
  const projectId = options.projectId ?? 'test-project';
  const projectNumber = options.projectNumber ?? '123456789012';
  const location = options.location;
  const clock = options.clock ?? Date;
  const store = new FakeSecretStore(projectId, projectNumber, options.listPageSize ?? 25000, () =>
    clock.now(),
  );
  const rpcs = new SecretManagerRpcs(store);
  const faults = createGcpFaults();
  const dispatcher = new FakeDispatcher(faults);
  const host = createFakeServer(createRestHandlers(rpcs, dispatcher));
  const grpcServers = new Set<FakeGrpcServer>();

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
    restHandlers: host.handlers as ReadonlyArray<HttpHandler>,
    host,
    listen: () => host.listen(),
    async listenOnSocket(socketOptions = {}) {
      const at = socketOptions.location;
      const origin = `https://secretmanager${at === undefined ? '' : `.${at}.rep`}.googleapis.com`;
      const socket = await host.listenOnSocket({
        ...(socketOptions.port === undefined ? {} : { port: socketOptions.port }),
        origin,
      });
      return {
        url: socket.url,
        port: socket.port,
        close: () => socket.close(),
        clientOptions: { apiEndpoint: '127.0.0.1', port: socket.port, protocol: 'http' },
      };
    },
    async startGrpc() {
      const started = await startGrpcServer(rpcs, dispatcher);
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
      await host.close();
      await Promise.all([...grpcServers].map((started) => started.close()));
      grpcServers.clear();
    },
    reset() {
      store.clear();
      dispatcher.clear();
      host.reset();
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
        found.destroyTime = new Date(clock.now());
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
    corruptNextChecksum(times = 1) {
      store.corruptNext += times;
    },
    dropNextChecksum(times = 1) {
      store.dropNext += times;
    },
    failNext: (status, failOptions) => faults.failNext(status, failOptions),
    answerNext: (respond, answerOptions) => faults.answerNext(respond, answerOptions),
    calls: dispatcher.calls,
    unhandledRequests: host.unhandledRequests,
  };
}
