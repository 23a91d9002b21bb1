// createVaultFake: an msw fake of the Vault HTTP API (KV v1/v2, a database-style dynamic engine,
// sys/leases, token and login endpoints), driven through node-vault. Ends with a catch-all.
import { randomUUID } from 'node:crypto';
import { type HttpHandler, HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { type FailNextOptions, FaultQueue } from './fake-faults.js';
import {
  type FakeDynamicRole,
  type FakeKv2Secret,
  type FakeMount,
  type FakeToken,
  type FakeTokenSpec,
  FakeVaultState,
} from './fake-state.js';

/** What a request did, for counters. */
export type VaultOperation =
  | 'kv-read'
  | 'kv-metadata'
  | 'kv-write'
  | 'kv-delete'
  | 'creds'
  | 'mounts'
  | 'lease-renew'
  | 'lease-revoke'
  | 'login'
  | 'renew-self'
  | 'lookup-self'
  | 'other';

export interface VaultFakeCall {
  operation: VaultOperation;
  method: string;
  /** API path without `/v1/` and without the query. */
  path: string;
  status: number;
  namespace?: string;
}

export interface VaultFakeOptions {
  /** The address the fake answers. @default 'http://127.0.0.1:8200' */
  address?: string;
  /** Mounts. @default { secret: KV v2, legacy: KV v1, database: dynamic engine } */
  mounts?: Record<string, FakeMount>;
  /** The token logins issue. @default { ttl: 3600, maxTtl: 86400, renewable: true } */
  loginToken?: FakeTokenSpec;
}

export interface VaultFake {
  /** The msw handlers, the catch-all last. */
  readonly handlers: HttpHandler[];
  readonly server: SetupServer | undefined;
  readonly address: string;
  /** A root token the fake accepts (no expiry). */
  readonly rootToken: string;
  listen(): SetupServer;
  close(): void;
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
  /** Creates a token; returns its id. */
  createToken(spec?: FakeTokenSpec): string;
  /** A token's state (undefined when unknown). */
  token(id: string): Readonly<FakeToken> | undefined;
  /** AppRole, Kubernetes and JWT credentials the logins accept. */
  approle: { roleId: string; secretId: string };
  kubernetes: { role: string; jwt: string };
  jwt: { role: string; jwt: string };
  /** Paths (prefixes) answered 403 permission denied. */
  readonly denied: Set<string>;
  /** 503 "Vault is sealed" for every request while sealed. */
  sealed: boolean;
  /** The next matching request(s) fail with `status`. */
  failNext(status: number, options?: FailNextOptions): void;
  /** Live leases (not revoked, not expired, token alive). */
  liveLeases(): string[];
  /** Dynamic credentials issued so far. */
  readonly issued: number;
  readonly calls: { readonly log: ReadonlyArray<VaultFakeCall>; count(operation?: VaultOperation): number };
  readonly unhandledRequests: ReadonlyArray<{ method: string; url: string }>;
}

const DEFAULT_MOUNTS: Record<string, FakeMount> = {
  secret: { type: 'kv', version: 2 },
  legacy: { type: 'kv', version: 1 },
  database: { type: 'database' },
};
const KV2_MISMATCH =
  "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.";

export function createVaultFake(options: VaultFakeOptions = {}): VaultFake {
  const address = new URL(options.address ?? 'http://127.0.0.1:8200').origin;
  const state = new FakeVaultState();
  const faults = new FaultQueue();
  const log: VaultFakeCall[] = [];
  const unhandled: Array<{ method: string; url: string }> = [];
  const denied = new Set<string>();
  const loginToken: FakeTokenSpec = options.loginToken ?? { ttl: 3600, maxTtl: 86400, renewable: true };
  const rootToken = 'root-token-for-tests';
  let server: SetupServer | undefined;
  let sealed = false;

  function installMounts(): void {
    state.mounts.clear();
    for (const [mount, config] of Object.entries(options.mounts ?? DEFAULT_MOUNTS))
      state.mounts.set(mount, config);
  }
  installMounts();
  state.createToken({ ttl: 0 }, rootToken);

  const key = (namespace: string | undefined, path: string) => (namespace ? `${namespace}/${path}` : path);

  function envelope(data: unknown, extra: Record<string, unknown> = {}) {
    return {
      request_id: randomUUID(),
      lease_id: '',
      renewable: false,
      lease_duration: 0,
      data,
      wrap_info: null,
      warnings: null,
      auth: null,
      ...extra,
    };
  }

  function kv2Secret(storeKey: string, create: boolean): FakeKv2Secret | undefined {
    let secret = state.kv2.get(storeKey);
    if (secret === undefined && create) {
      secret = { versions: new Map(), current: 0 };
      state.kv2.set(storeKey, secret);
    }
    return secret;
  }

  function kv2Write(storeKey: string, data: Record<string, unknown>): number {
    const secret = kv2Secret(storeKey, true)!;
    secret.current += 1;
    secret.versions.set(secret.current, {
      data: { ...data },
      createdTime: new Date().toISOString(),
      deletionTime: '',
      destroyed: false,
    });
    return secret.current;
  }

  function versionMetadata(secret: FakeKv2Secret, version: number) {
    const entry = secret.versions.get(version)!;
    return {
      created_time: entry.createdTime,
      custom_metadata: null,
      deletion_time: entry.deletionTime,
      destroyed: entry.destroyed,
      version,
    };
  }

  function operationOf(method: string, path: string): VaultOperation {
    if (/^auth\/[^/]+\/login$/.test(path)) return 'login';
    if (path === 'auth/token/renew-self') return 'renew-self';
    if (path === 'auth/token/lookup-self') return 'lookup-self';
    if (path.startsWith('sys/internal/ui/mounts/')) return 'mounts';
    if (path === 'sys/leases/renew') return 'lease-renew';
    if (path === 'sys/leases/revoke') return 'lease-revoke';
    const found = state.mountOf(path);
    if (found?.config.type === 'database') return 'creds';
    if (found?.config.type === 'kv') {
      if (found.config.version === 2 && found.rest.startsWith('metadata/'))
        return method === 'GET' ? 'kv-metadata' : 'kv-delete';
      if (method === 'GET') return 'kv-read';
      return method === 'DELETE' || /^(delete|destroy)\//.test(found.rest) ? 'kv-delete' : 'kv-write';
    }
    return 'other';
  }

  const api = http.all(`${address}/v1/*`, async ({ request }) => {
    const url = new URL(request.url);
    const path = url.pathname.slice('/v1/'.length);
    const method = request.method.toUpperCase();
    const namespace = request.headers.get('x-vault-namespace') ?? undefined;
    const call: VaultFakeCall = {
      operation: operationOf(method, path),
      method,
      path,
      status: 200,
      ...(namespace ? { namespace } : {}),
    };
    const answer = (status: number, body?: unknown) => {
      log.push({ ...call, status });
      if (status === 204) return new HttpResponse(null, { status });
      return HttpResponse.json(body as Record<string, unknown>, { status });
    };
    const fail = (status: number, errors: string[], extra: Record<string, unknown> = {}) =>
      answer(status, { errors, ...extra });
    const body = (
      method === 'GET' || method === 'DELETE' ? {} : await request.json().catch(() => ({}))
    ) as Record<string, unknown>;

    if (sealed) return fail(503, ['Vault is sealed']);
    const fault = faults.take(path);
    if (fault?.network) {
      log.push({ ...call, status: 0 });
      return HttpResponse.error();
    }
    if (fault) return fail(fault.status, fault.errors);

    // Logins need no token.
    const login = /^auth\/([^/]+)\/login$/.exec(path);
    if (login && method !== 'GET') {
      const mount = login[1];
      const ok =
        (mount === 'approle' &&
          body.role_id === fake.approle.roleId &&
          body.secret_id === fake.approle.secretId) ||
        (mount === 'kubernetes' && body.role === fake.kubernetes.role && body.jwt === fake.kubernetes.jwt) ||
        (mount === 'jwt' && body.role === fake.jwt.role && body.jwt === fake.jwt.jwt);
      if (!ok)
        return fail(mount === 'approle' ? 400 : 403, [
          mount === 'approle' ? 'invalid role or secret ID' : 'permission denied',
        ]);
      const token = state.createToken(loginToken);
      return answer(200, envelope(null, { auth: authOf(token) }));
    }

    const tokenId = request.headers.get('x-vault-token');
    if (tokenId === null) return fail(403, ['permission denied', 'missing client token']);
    const token = state.liveToken(tokenId);
    if (token === undefined) return fail(403, ['permission denied', 'invalid token']);
    if ([...denied].some((prefix) => path === prefix || path.startsWith(prefix)))
      return fail(403, ['1 error occurred:\n\t* permission denied\n\n']);

    if (path === 'auth/token/lookup-self') {
      return answer(
        200,
        envelope({
          id: '[the token]',
          ttl: state.secondsLeft(token),
          renewable: token.renewable,
          type: token.type,
          policies: token.policies,
        }),
      );
    }
    if (path === 'auth/token/renew-self') {
      if (token.type === 'batch') return fail(400, ['batch tokens cannot be renewed']);
      if (!token.renewable || token.expiresAt === 0) return fail(400, ['lease is not renewable']);
      const now = Date.now();
      let expiresAt = now + token.ttl * 1000;
      const capped = token.maxExpiresAt > 0 && expiresAt > token.maxExpiresAt;
      if (capped) expiresAt = token.maxExpiresAt;
      token.expiresAt = expiresAt;
      return answer(
        200,
        envelope(null, {
          auth: authOf(token),
          warnings: capped
            ? ['TTL of token exceeded the effective max_ttl; TTL value is capped accordingly']
            : null,
        }),
      );
    }
    if (path.startsWith('sys/internal/ui/mounts/')) {
      const found = state.mountOf(path.slice('sys/internal/ui/mounts/'.length));
      if (found === undefined)
        return fail(403, [
          `preflight capability check returned 403, please ensure client's policies grant access to the path "${path}"`,
        ]);
      const type = found.config.type;
      return answer(
        200,
        envelope({
          path: `${found.mount}/`,
          type,
          options: type === 'kv' ? { version: String(found.config.version) } : null,
        }),
      );
    }
    if (path === 'sys/leases/renew') {
      const lease = state.liveLease(body.lease_id);
      if (lease === undefined || !lease.renewable)
        return fail(400, ['lease not found or lease is not renewable']);
      const now = Date.now();
      const increment =
        typeof body.increment === 'number' && body.increment > 0
          ? body.increment
          : (lease.expiresAt - now) / 1000;
      let expiresAt = now + increment * 1000;
      const capped = expiresAt > lease.maxExpiresAt;
      if (capped) expiresAt = lease.maxExpiresAt;
      lease.expiresAt = expiresAt;
      return answer(200, {
        ...envelope(null),
        lease_id: lease.id,
        renewable: true,
        lease_duration: Math.floor((expiresAt - now) / 1000),
        warnings: capped
          ? [`TTL of "${increment}s" exceeded the effective max_ttl; TTL value is capped accordingly`]
          : null,
      });
    }
    if (path === 'sys/leases/revoke') {
      const lease = typeof body.lease_id === 'string' ? state.leases.get(body.lease_id) : undefined;
      if (lease) lease.revoked = true;
      return answer(204);
    }

    const found = state.mountOf(path);
    if (found === undefined) return fail(403, ['1 error occurred:\n\t* permission denied\n\n']);
    if (found.config.type === 'database') {
      const role = state.roles.get(path);
      if (role === undefined || method !== 'GET') return fail(400, [`unknown role: ${found.rest}`]);
      const lease = state.issueLease(path, role, token.id);
      return answer(200, {
        ...envelope({
          username: `v-${found.rest.replace(/\W/g, '-')}-${state.issued}`,
          password: `pw-${randomUUID()}`,
        }),
        lease_id: lease.id,
        lease_duration: role.ttl,
        renewable: role.renewable,
      });
    }
    if (found.config.version === 1) {
      const storeKey = key(namespace, path);
      if (method === 'GET') {
        const data = state.kv1.get(storeKey);
        return data === undefined
          ? fail(404, [])
          : answer(200, { ...envelope({ ...data }), lease_duration: 2764800 });
      }
      if (method === 'DELETE') {
        state.kv1.delete(storeKey);
        return answer(204);
      }
      state.kv1.set(storeKey, { ...body });
      return answer(204);
    }
    // KV v2
    const section = /^(data|metadata|delete|destroy|undelete)\/(.+)$/.exec(found.rest);
    if (section === null) return fail(404, [], { warnings: [KV2_MISMATCH] });
    const storeKey = key(namespace, `${found.mount}/${section[2]}`);
    const secret = kv2Secret(storeKey, false);
    switch (`${section[1]} ${method}`) {
      case 'data GET': {
        if (secret === undefined || secret.current === 0) return fail(404, []);
        const asked = url.searchParams.get('version');
        const version = asked === null || asked === '0' ? secret.current : Number(asked);
        const entry = secret.versions.get(version);
        if (entry === undefined) return fail(404, []);
        const metadata = versionMetadata(secret, version);
        if (entry.deletionTime !== '' || entry.destroyed)
          return answer(404, envelope({ data: null, metadata }));
        return answer(200, envelope({ data: { ...entry.data }, metadata }));
      }
      case 'data POST':
      case 'data PUT': {
        const data = (body.data ?? {}) as Record<string, unknown>;
        const version = kv2Write(storeKey, data);
        return answer(200, envelope(versionMetadata(kv2Secret(storeKey, false)!, version)));
      }
      case 'data DELETE': {
        const entry = secret?.versions.get(secret.current);
        if (entry) entry.deletionTime = new Date().toISOString();
        return answer(204);
      }
      case 'metadata GET': {
        if (secret === undefined) return fail(404, []);
        const versions = Object.fromEntries(
          [...secret.versions.entries()].map(([n, v]) => [
            String(n),
            { created_time: v.createdTime, deletion_time: v.deletionTime, destroyed: v.destroyed },
          ]),
        );
        return answer(
          200,
          envelope({ current_version: secret.current, oldest_version: 1, max_versions: 0, versions }),
        );
      }
      case 'metadata DELETE':
        state.kv2.delete(storeKey);
        return answer(204);
      default:
        return fail(405, ['unsupported operation']);
    }
  });

  // The catch-all (DESIGN §7): anything else is recorded and answered with a network error.
  const catchAll = http.all('*', ({ request }) => {
    unhandled.push({ method: request.method, url: request.url });
    return HttpResponse.error();
  });
  const handlers = [api, catchAll];

  function authOf(token: FakeToken) {
    return {
      client_token: token.id,
      accessor: `accessor-${token.id.slice(-6)}`,
      policies: token.policies,
      token_policies: token.policies,
      lease_duration: state.secondsLeft(token),
      renewable: token.renewable,
      token_type: token.type,
    };
  }

  function kv2Of(name: string, namespace?: string): FakeKv2Secret {
    const found = state.mountOf(name);
    if (found?.config.type !== 'kv' || found.config.version !== 2)
      throw new Error(`"${name}" is not on a KV v2 mount of the fake`);
    const secret = state.kv2.get(key(namespace, name));
    if (secret === undefined) throw new Error(`the fake holds no secret "${name}"`);
    return secret;
  }

  const fake: VaultFake = {
    handlers,
    get server() {
      return server;
    },
    address,
    rootToken,
    listen() {
      server ??= setupServer(...handlers);
      server.listen({ onUnhandledFrame: 'error' });
      return server;
    },
    close() {
      server?.close();
      server = undefined;
    },
    reset() {
      state.clear();
      installMounts();
      state.createToken({ ttl: 0 }, rootToken);
      faults.clear();
      denied.clear();
      sealed = false;
      log.length = 0;
      unhandled.length = 0;
    },
    put(name, data, putOptions) {
      const found = state.mountOf(name);
      if (found?.config.type !== 'kv') throw new Error(`"${name}" is not on a KV mount of the fake`);
      if (found.config.version === 1) {
        state.kv1.set(key(putOptions?.namespace, name), { ...data });
        return undefined;
      }
      return String(kv2Write(key(putOptions?.namespace, name), data));
    },
    remove(name, removeOptions) {
      state.kv1.delete(key(removeOptions?.namespace, name));
      state.kv2.delete(key(removeOptions?.namespace, name));
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
      state.roles.set(path, {
        ttl: role.ttl ?? 3600,
        maxTtl: role.maxTtl ?? 86400,
        renewable: role.renewable ?? true,
      });
    },
    createToken(spec) {
      return state.createToken(spec ?? loginToken).id;
    },
    token(id) {
      state.liveToken(id); // applies expiry
      return state.tokens.get(id);
    },
    approle: { roleId: 'test-role-id', secretId: 'test-secret-id-5e3c' },
    kubernetes: { role: 'app', jwt: 'k8s.jwt.for-tests' },
    jwt: { role: 'app', jwt: 'eyJ.jwt.for-tests' },
    denied,
    get sealed() {
      return sealed;
    },
    set sealed(value: boolean) {
      sealed = value;
    },
    failNext(status, failOptions) {
      faults.add(status, failOptions);
    },
    liveLeases() {
      return [...state.leases.keys()].filter((id) => state.liveLease(id) !== undefined);
    },
    get issued() {
      return state.issued;
    },
    calls: {
      log,
      count: (operation) =>
        operation === undefined ? log.length : log.filter((c) => c.operation === operation).length,
    },
    unhandledRequests: unhandled,
  };
  return fake;
}
