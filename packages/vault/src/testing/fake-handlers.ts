// The fake Vault's msw handler: each `/v1/*` request is logged, checked (sealed, faults, token) and
// answered by its route (logins, token, mounts, sys/leases, a database engine, KV) as Vault does.
import type { CallLog } from '@secretkit/fake-kit';
import { type HttpHandler, HttpResponse, http } from 'msw';
import type { VaultFaults } from './fake-faults.js';
import { type Answer, answerKv1, answerKv2, envelope, type KvRequest } from './fake-kv.js';
import type { FakeToken, FakeTokenSpec, FakeVaultStore } from './fake-store.js';

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
  /** The answer's status; 0 for a dropped connection. */
  status: number;
  namespace?: string;
}

/** The credentials the fake's logins accept. */
export interface FakeLogins {
  approle: { roleId: string; secretId: string };
  kubernetes: { role: string; jwt: string };
  jwt: { role: string; jwt: string };
}

/** Everything the handler reads and changes. */
export interface FakeVaultWorld {
  store: FakeVaultStore;
  faults: VaultFaults;
  calls: CallLog<VaultFakeCall>;
  /** Path prefixes answered 403 permission denied. */
  denied: ReadonlySet<string>;
  logins: FakeLogins;
  /** The token each login issues. */
  loginToken: FakeTokenSpec;
  /** 503 "Vault is sealed" for every request while true. */
  sealed(): boolean;
}

const PERMISSION_DENIED = ['1 error occurred:\n\t* permission denied\n\n'];

/** The handler answering `${address}/v1/*`. */
export function vaultHandler(address: string, world: FakeVaultWorld): HttpHandler {
  const { store } = world;
  return http.all(`${address}/v1/*`, async ({ request }) => {
    const url = new URL(request.url);
    const path = url.pathname.slice('/v1/'.length);
    const method = request.method.toUpperCase();
    const namespace = request.headers.get('x-vault-namespace') ?? undefined;
    const call: VaultFakeCall = {
      operation: operationOf(store, method, path),
      method,
      path,
      status: 200,
      ...(namespace ? { namespace } : {}),
    };
    const answer: Answer = (status, body) => {
      world.calls.record({ ...call, status });
      if (status === 204) return new HttpResponse(null, { status });
      return HttpResponse.json(body as Record<string, unknown>, { status });
    };
    const fail = (status: number, errors: string[]) => answer(status, { errors });
    const body = (
      method === 'GET' || method === 'DELETE' ? {} : await request.json().catch(() => ({}))
    ) as Record<string, unknown>;

    if (world.sealed()) return fail(503, ['Vault is sealed']);
    const fault = world.faults.take(path);
    if (fault !== undefined) {
      world.calls.record({ ...call, status: fault.network ? 0 : fault.status });
      if (fault.network) return HttpResponse.error();
      const init = { status: fault.status, headers: fault.headers };
      return fault.body === undefined
        ? HttpResponse.json({ errors: fault.errors }, init)
        : new HttpResponse(fault.body, init);
    }

    const login = /^auth\/([^/]+)\/login$/.exec(path);
    if (login && method !== 'GET') return answerLogin(world, login[1] ?? '', body, answer);

    const tokenId = request.headers.get('x-vault-token');
    if (tokenId === null) return fail(403, ['permission denied', 'missing client token']);
    const token = store.liveToken(tokenId);
    if (token === undefined) return fail(403, ['permission denied', 'invalid token']);
    if ([...world.denied].some((prefix) => path === prefix || path.startsWith(prefix))) {
      return fail(403, PERMISSION_DENIED);
    }
    if (path === 'auth/token/lookup-self') {
      const { renewable, type, policies } = token;
      return answer(
        200,
        envelope({ id: '[the token]', ttl: store.secondsLeft(token), renewable, type, policies }),
      );
    }
    if (path === 'auth/token/renew-self') return answerRenewSelf(store, token, answer);
    if (path.startsWith('sys/internal/ui/mounts/')) return answerMounts(store, path, answer);
    if (path === 'sys/leases/renew') return answerLeaseRenew(store, body, answer);
    if (path === 'sys/leases/revoke') {
      const lease = typeof body.lease_id === 'string' ? store.leases.get(body.lease_id) : undefined;
      if (lease) lease.revoked = true;
      return answer(204);
    }

    const found = store.mountOf(path);
    if (found === undefined) return fail(403, PERMISSION_DENIED);
    if (found.config.type === 'database') {
      const role = store.roles.get(path);
      if (role === undefined || method !== 'GET') return fail(400, [`unknown role: ${found.rest}`]);
      const lease = store.issueLease(path, role, token.id);
      const credential = {
        username: `v-${found.rest.replace(/\W/g, '-')}-${store.issued}`,
        password: `pw-${crypto.randomUUID()}`,
      };
      return answer(200, {
        ...envelope(credential),
        lease_id: lease.id,
        lease_duration: role.ttl,
        renewable: role.renewable,
      });
    }
    const kv: KvRequest = { method, path, mount: found.mount, rest: found.rest, namespace, url, body };
    return found.config.version === 1 ? answerKv1(store, kv, answer) : answerKv2(store, kv, answer);
  });
}

/** The `auth` block of a login or renew-self answer. */
export function authOf(store: FakeVaultStore, token: FakeToken) {
  return {
    client_token: token.id,
    accessor: `accessor-${token.id.slice(-6)}`,
    policies: token.policies,
    token_policies: token.policies,
    lease_duration: store.secondsLeft(token),
    renewable: token.renewable,
    token_type: token.type,
  };
}

function answerLogin(world: FakeVaultWorld, mount: string, body: Record<string, unknown>, answer: Answer) {
  const { approle, kubernetes, jwt } = world.logins;
  const ok =
    (mount === 'approle' && body.role_id === approle.roleId && body.secret_id === approle.secretId) ||
    (mount === 'kubernetes' && body.role === kubernetes.role && body.jwt === kubernetes.jwt) ||
    (mount === 'jwt' && body.role === jwt.role && body.jwt === jwt.jwt);
  if (!ok) {
    return mount === 'approle'
      ? answer(400, { errors: ['invalid role or secret ID'] })
      : answer(403, { errors: ['permission denied'] });
  }
  const token = world.store.createToken(world.loginToken);
  return answer(200, envelope(null, { auth: authOf(world.store, token) }));
}

function answerRenewSelf(store: FakeVaultStore, token: FakeToken, answer: Answer) {
  if (token.type === 'batch') return answer(400, { errors: ['batch tokens cannot be renewed'] });
  if (!token.renewable || token.expiresAt === 0) return answer(400, { errors: ['lease is not renewable'] });
  const wanted = Date.now() + token.ttl * 1000;
  const capped = token.maxExpiresAt > 0 && wanted > token.maxExpiresAt;
  token.expiresAt = capped ? token.maxExpiresAt : wanted;
  const warnings = capped
    ? ['TTL of token exceeded the effective max_ttl; TTL value is capped accordingly']
    : null;
  return answer(200, envelope(null, { auth: authOf(store, token), warnings }));
}

function answerMounts(store: FakeVaultStore, path: string, answer: Answer) {
  const found = store.mountOf(path.slice('sys/internal/ui/mounts/'.length));
  if (found === undefined) {
    return answer(403, {
      errors: [
        `preflight capability check returned 403, please ensure client's policies grant access to the path "${path}"`,
      ],
    });
  }
  const { type } = found.config;
  const options = found.config.type === 'kv' ? { version: String(found.config.version) } : null;
  return answer(200, envelope({ path: `${found.mount}/`, type, options }));
}

function answerLeaseRenew(store: FakeVaultStore, body: Record<string, unknown>, answer: Answer) {
  const lease = store.liveLease(body.lease_id);
  if (lease === undefined || !lease.renewable) {
    return answer(400, { errors: ['lease not found or lease is not renewable'] });
  }
  const now = Date.now();
  const increment =
    typeof body.increment === 'number' && body.increment > 0
      ? body.increment
      : (lease.expiresAt - now) / 1000;
  const wanted = now + increment * 1000;
  const capped = wanted > lease.maxExpiresAt;
  lease.expiresAt = capped ? lease.maxExpiresAt : wanted;
  return answer(200, {
    ...envelope(null),
    lease_id: lease.id,
    renewable: true,
    lease_duration: Math.floor((lease.expiresAt - now) / 1000),
    warnings: capped
      ? [`TTL of "${increment}s" exceeded the effective max_ttl; TTL value is capped accordingly`]
      : null,
  });
}

function operationOf(store: FakeVaultStore, method: string, path: string): VaultOperation {
  if (/^auth\/[^/]+\/login$/.test(path)) return 'login';
  if (path === 'auth/token/renew-self') return 'renew-self';
  if (path === 'auth/token/lookup-self') return 'lookup-self';
  if (path.startsWith('sys/internal/ui/mounts/')) return 'mounts';
  if (path === 'sys/leases/renew') return 'lease-renew';
  if (path === 'sys/leases/revoke') return 'lease-revoke';
  const found = store.mountOf(path);
  if (found?.config.type === 'database') return 'creds';
  if (found?.config.type !== 'kv') return 'other';
  if (found.config.version === 2 && found.rest.startsWith('metadata/')) {
    return method === 'GET' ? 'kv-metadata' : 'kv-delete';
  }
  if (method === 'GET') return 'kv-read';
  return method === 'DELETE' || /^(delete|destroy)\//.test(found.rest) ? 'kv-delete' : 'kv-write';
}
