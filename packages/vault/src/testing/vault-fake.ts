// createVaultFake: a wire-level fake of the Vault HTTP API on the fake kit's host, answering
// in-process through msw or on a real loopback socket for another process.
import { type CallLog, createCallLog, createFakeServer, type FakeHost } from '@secretkit/fake-kit';
import type { AnyHandler } from 'msw';
import { createVaultFaults, type FailNextOptions } from './fake-faults.js';
import { type FakeLogins, type VaultFakeCall, type VaultOperation, vaultHandler } from './fake-handlers.js';
import {
  type FakeDynamicRole,
  type FakeKv2Secret,
  type FakeMount,
  type FakeToken,
  type FakeTokenSpec,
  FakeVaultStore,
  storeKey,
} from './fake-store.js';

export interface VaultFakeOptions {
  /** The address the fake answers. @default 'http://127.0.0.1:8200' */
  address?: string;
  /** Mounts. @default { secret: KV v2, legacy: KV v1, database: dynamic engine } */
  mounts?: Record<string, FakeMount>;
  /** The token logins issue. @default { ttl: 3600, maxTtl: 86400, renewable: true } */
  loginToken?: FakeTokenSpec;
}

/** The fake on a real socket: `url` is `http://127.0.0.1:<port>`; `close()` frees the port. */
export interface VaultFakeSocket {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface VaultFake {
  /** The msw handlers, the kit's recording catch-all last (for your own `setupServer`). */
  readonly handlers: ReadonlyArray<AnyHandler>;
  /** The fake kit's host the handlers run on (`use()` prepends handlers of a test's own). */
  readonly host: FakeHost;
  readonly address: string;
  /** A root token the fake accepts (no expiry). */
  readonly rootToken: string;
  /** Intercepts in-process (msw, always `onUnhandledFrame: 'error'`). */
  listen(): void;
  /**
   * Also answers on a real socket on 127.0.0.1 (`port` 0: a free one), so another process can use
   * the fake: `VAULT_ADDR=<url>`. Resolves once it listens.
   */
  listen(options: { port: number }): Promise<VaultFakeSocket>;
  /** Stops interception and every socket; settles when the ports are free. */
  close(): Promise<void>;
  /** Forgets secrets, leases, tokens (but the root token), faults, calls and unhandled requests. */
  reset(): void;
  /** Writes a data map natively (KV v2: a new version, returned as a decimal string; KV v1: undefined). */
  put(name: string, data: Record<string, unknown>, options?: { namespace?: string }): string | undefined;
  /** Removes a secret with all its versions. */
  remove(name: string, options?: { namespace?: string }): void;
  /** KV v2: soft-deletes (`delete`) or destroys versions (default: the current one). */
  deleteVersion(name: string, version?: number): void;
  destroyVersion(name: string, version?: number): void;
  /** Defines a dynamic role at `path` (e.g. `database/creds/app`). */
  addRole(path: string, role?: FakeDynamicRole): void;
  /** Creates a token (with `id`, or a fresh `hvs.` id); returns its id. @default spec: the login token's */
  createToken(spec?: FakeTokenSpec, id?: string): string;
  /** A token's state (undefined when unknown). */
  token(id: string): Readonly<FakeToken> | undefined;
  /** AppRole, Kubernetes and JWT credentials the logins accept. */
  approle: FakeLogins['approle'];
  kubernetes: FakeLogins['kubernetes'];
  jwt: FakeLogins['jwt'];
  /** Paths (prefixes) answered 403 permission denied. */
  readonly denied: Set<string>;
  /** 503 "Vault is sealed" for every request while sealed. */
  sealed: boolean;
  /** The next matching request(s) fail with `status` (or answer `body`, e.g. a malformed 200). */
  failNext(status: number, options?: FailNextOptions): void;
  /** Live leases (not revoked, not expired, token alive). */
  liveLeases(): string[];
  /** Dynamic credentials issued so far. */
  readonly issued: number;
  readonly calls: { readonly log: CallLog<VaultFakeCall>['log']; count(operation?: VaultOperation): number };
  readonly unhandledRequests: FakeHost['unhandledRequests'];
}

const DEFAULT_MOUNTS: Record<string, FakeMount> = {
  secret: { type: 'kv', version: 2 },
  legacy: { type: 'kv', version: 1 },
  database: { type: 'database' },
};
const ROOT_TOKEN = 'root-token-for-tests';

export function createVaultFake(options: VaultFakeOptions = {}): VaultFake {
  const address = new URL(options.address ?? 'http://127.0.0.1:8200').origin;
  const store = new FakeVaultStore();
  const faults = createVaultFaults();
  const calls = createCallLog<VaultFakeCall>();
  const denied = new Set<string>();
  const logins: FakeLogins = {
    approle: { roleId: 'test-role-id', secretId: 'test-secret-id-5e3c' },
    kubernetes: { role: 'app', jwt: 'k8s.jwt.for-tests' },
    jwt: { role: 'app', jwt: 'eyJ.jwt.for-tests' },
  };
  let sealed = false;
  const fresh = () => {
    store.clear();
    store.installMounts(options.mounts ?? DEFAULT_MOUNTS);
    store.createToken({ ttl: 0 }, ROOT_TOKEN);
  };
  fresh();
  const loginToken = options.loginToken ?? { ttl: 3600, maxTtl: 86400, renewable: true };
  const host = createFakeServer([
    vaultHandler(address, { store, faults, calls, denied, logins, loginToken, sealed: () => sealed }),
  ]);

  function kv2Of(name: string): FakeKv2Secret {
    const found = store.mountOf(name);
    if (found?.config.type !== 'kv' || found.config.version !== 2)
      throw new Error(`"${name}" is not on a KV v2 mount of the fake`);
    const secret = store.kv2.get(name);
    if (secret === undefined) throw new Error(`the fake holds no secret "${name}"`);
    return secret;
  }

  function listen(): void;
  function listen(socket: { port: number }): Promise<VaultFakeSocket>;
  function listen(socket?: { port: number }): undefined | Promise<VaultFakeSocket> {
    if (socket !== undefined) return host.listenOnSocket({ port: socket.port, origin: address });
    host.listen();
    return undefined;
  }

  return {
    handlers: host.handlers,
    host,
    address,
    rootToken: ROOT_TOKEN,
    listen,
    close: () => host.close(),
    reset() {
      fresh();
      faults.clear();
      calls.clear();
      denied.clear();
      sealed = false;
      host.reset();
    },
    put(name, data, putOptions) {
      const found = store.mountOf(name);
      if (found?.config.type !== 'kv') throw new Error(`"${name}" is not on a KV mount of the fake`);
      const key = storeKey(putOptions?.namespace, name);
      if (found.config.version === 2) return String(store.kv2Write(key, data));
      store.kv1.set(key, { ...data });
      return undefined;
    },
    remove(name, removeOptions) {
      store.kv1.delete(storeKey(removeOptions?.namespace, name));
      store.kv2.delete(storeKey(removeOptions?.namespace, name));
    },
    deleteVersion(name, version) {
      const secret = kv2Of(name);
      const entry = secret.versions.get(version ?? secret.current);
      if (entry) entry.deletionTime = new Date().toISOString();
    },
    destroyVersion(name, version) {
      const secret = kv2Of(name);
      const entry = secret.versions.get(version ?? secret.current);
      if (entry) {
        entry.destroyed = true;
        entry.data = null;
      }
    },
    addRole(path, role = {}) {
      store.roles.set(path, {
        ttl: role.ttl ?? 3600,
        maxTtl: role.maxTtl ?? 86400,
        renewable: role.renewable ?? true,
      });
    },
    createToken: (spec, id) => store.createToken(spec ?? loginToken, id).id,
    token(id) {
      store.liveToken(id); // applies expiry
      return store.tokens.get(id);
    },
    ...logins,
    denied,
    get sealed() {
      return sealed;
    },
    set sealed(value: boolean) {
      sealed = value;
    },
    failNext: (status, failOptions) => faults.add(status, failOptions),
    liveLeases: () => [...store.leases.keys()].filter((id) => store.liveLease(id) !== undefined),
    get issued() {
      return store.issued;
    },
    calls: {
      log: calls.log,
      count: (operation) => calls.count(operation === undefined ? undefined : { operation }),
    },
    unhandledRequests: host.unhandledRequests,
  };
}
