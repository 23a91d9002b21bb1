// hashicorpVault: the SecretProvider over HashiCorp Vault (KV v1/v2, dynamic secrets with leases).
// I/O and error mapping only; caching, retry and the lease schedule are core's (DESIGN §2, §5).
import {
  type ChangeHint,
  type Lease,
  type ProviderContext,
  type ProviderWith,
  raceAbort,
  type SecretRecord,
  type SecretRequest,
  type SecretsError,
} from '@secretkit/core';
import type { CleanCause, WithClient } from '@secretkit/core/adapter';
import type NodeVault from 'node-vault';
import { PROVIDER_NAME, vaultKit } from './errors.js';
import { KvMounts, type MountKind } from './kv-mounts.js';
import { assertRequest } from './names.js';
import { assertAddress, assertOptions, type HashicorpVaultOptions } from './options.js';
import { assertLiveVersion, type KvV2Metadata, kv2Record, plainRecord } from './records.js';
import { TokenKeeper } from './token-keeper.js';
import { type VaultBody, type VaultCall, VaultTransport } from './transport.js';

/** The Vault provider: reads, version probes, lease renewal/revocation and re-login hints. */
export interface HashicorpVaultProvider
  extends ProviderWith<'getVersion' | 'renewLease' | 'revokeLease'>,
    WithClient<NodeVault.client> {
  readonly name: 'hashicorp-vault';
  /** Hints `{}` after a token re-login: the old token's leases may be gone, re-read them. */
  watchChanges(listener: (hint: ChangeHint) => void): () => void;
  /** Stops the token renewal timer and releases the client we built (a user's client is left alone). */
  close(): Promise<void>;
}

/**
 * A SecretProvider for HashiCorp Vault. Names are full logical paths, mount first
 * (`secret/app/db`, `database/creds/app`). node-vault is imported on first use; its own renewal
 * is not used. `address`/`token` default to VAULT_ADDR/VAULT_TOKEN, read here. `client()` is the
 * escape hatch: the node-vault client the provider sends through.
 */
export function hashicorpVault(options: HashicorpVaultOptions = {}): HashicorpVaultProvider {
  let keeper: TokenKeeper | undefined; // the kit reads the live credentials lazily
  const kit = vaultKit(() => keeper?.secrets() ?? []);
  const checked = assertOptions(kit, options);
  const given = checked.address ?? envOrUndefined('VAULT_ADDR');
  let address: string | undefined;
  if (checked.client === undefined) {
    if (given === undefined) throw kit.configError('no Vault address: pass `address` or set VAULT_ADDR');
    address = assertAddress(kit, given, checked.allowInsecureHttp === true);
  } else if (checked.address !== undefined) {
    assertAddress(kit, checked.address, checked.allowInsecureHttp === true);
  }
  const auth = checked.auth?.method === 'token' ? undefined : checked.auth;
  const staticToken =
    checked.auth?.method === 'token' ? checked.auth.token : (checked.token ?? envOrUndefined('VAULT_TOKEN'));
  const listeners = new Set<(hint: ChangeHint) => void>();
  const transport = new VaultTransport({
    kit,
    address,
    token: auth === undefined ? staticToken : undefined,
    namespace: checked.namespace,
    client: checked.client,
  });
  keeper = new TokenKeeper({ kit, transport, auth, staticToken, onRelogin: () => hintAll(listeners) });
  const tokens = keeper;
  const mounts = new KvMounts(checked.kv, transport);
  let closed = false;

  /** A call with a ready token; one re-login and one retry when Vault refuses the token. */
  async function call(request: VaultCall): Promise<VaultBody> {
    if (closed) throw kit.error('CLOSED', `${kit.label}: the provider is closed`);
    await raceReady(request.signal);
    try {
      return await transport.request(request);
    } catch (error) {
      if ((error as SecretsError).code !== 'UNAUTHENTICATED' || !(await tokens.recover())) throw error;
      return transport.request(request);
    }
  }

  async function raceReady(signal: AbortSignal | undefined): Promise<void> {
    try {
      const ready = tokens.ready();
      await (signal === undefined ? ready : raceAbort(ready, signal));
    } catch (error) {
      throw kit.fromError(error, signal === undefined ? {} : { signal });
    }
  }

  async function resolve(name: string, signal: AbortSignal): Promise<MountKind> {
    await raceReady(signal);
    return mounts.resolve(name, signal);
  }

  async function readSecret(request: SecretRequest, context: ProviderContext): Promise<SecretRecord> {
    const name = assertRequest(kit, request);
    const kind = await resolve(name, context.signal);
    if (kind.kind !== 'kv2') {
      if (request.version !== undefined) {
        throw kit.configError(`"${name}" is not on a KV v2 mount: it has no versions`, name);
      }
      return plainRecord(kit, name, await call({ path: name, method: 'GET', name, signal: context.signal }));
    }
    const query = request.version === undefined ? '' : `?version=${request.version}`;
    const body = await call({
      path: `${kv2Path(kind, 'data')}${query}`,
      method: 'GET',
      name,
      signal: context.signal,
      refine: (status, errorBody) => (status === 404 ? deletedVersion(name, errorBody) : undefined),
    });
    return kv2Record(kit, name, body);
  }

  /** A KV v2 404 that carries metadata: the version was deleted (NOT_FOUND) or destroyed (DISABLED). */
  function deletedVersion(name: string, body: unknown): SecretsError | undefined {
    const metadata = (body as { data?: { metadata?: unknown } } | null)?.data?.metadata;
    if (typeof metadata !== 'object' || metadata === null) return undefined;
    try {
      assertLiveVersion(kit, name, metadata as KvV2Metadata, 404);
    } catch (error) {
      return error as SecretsError;
    }
    return undefined;
  }

  function kv2Path(kind: Extract<MountKind, { kind: 'kv2' }>, section: 'data' | 'metadata'): string {
    if (kind.rest === '')
      throw kit.configError(`"${kind.mount}" names a KV v2 mount, not a secret in it`, kind.mount);
    return `${kind.mount}/${section}/${kind.rest}`;
  }

  function assertLease(lease: Lease): string {
    if (typeof lease !== 'object' || lease === null || typeof lease.id !== 'string' || lease.id === '') {
      throw kit.configError('a lease needs a non-empty id');
    }
    return lease.id;
  }

  return {
    name: PROVIDER_NAME,

    getSecret: readSecret,

    async getVersion(request, context) {
      const name = assertRequest(kit, request);
      const kind = await resolve(name, context.signal);
      if (kind.kind === 'engine') return undefined; // a read would mint a credential; engines have no versions
      if (kind.kind !== 'kv2') return (await readSecret(request, context)).version;
      const body = await call({
        path: kv2Path(kind, 'metadata'),
        method: 'GET',
        name,
        signal: context.signal,
      });
      const data = (body.data ?? {}) as {
        current_version?: unknown;
        versions?: Record<string, KvV2Metadata>;
      };
      const version =
        request.version ??
        (typeof data.current_version === 'number' ? String(data.current_version) : undefined);
      const entry = version === undefined ? undefined : data.versions?.[version];
      if (version === undefined || entry === undefined) {
        const detail = version === undefined ? 'no current version' : `no version ${version}`;
        throw kit.error('NOT_FOUND', `${kit.label}: secret "${name}" was not found (${detail})`, { name });
      }
      assertLiveVersion(kit, name, { ...entry, version: Number(version) });
      return version;
    },

    async renewLease(lease, context) {
      const leaseId = assertLease(lease);
      try {
        const body = await call({
          path: 'sys/leases/renew',
          method: 'PUT',
          json: { lease_id: leaseId, increment: Math.max(1, Math.round(lease.ttlMs / 1000)) },
          signal: context.signal,
        });
        return {
          id: typeof body.lease_id === 'string' && body.lease_id !== '' ? body.lease_id : leaseId,
          ttlMs: (typeof body.lease_duration === 'number' ? body.lease_duration : 0) * 1000,
          renewable: body.renewable === true,
        };
      } catch (error) {
        const failure = error as SecretsError;
        if (failure.code !== 'INVALID_REQUEST' || failure.statusCode !== 400) throw error;
        throw kit.error('LEASE_EXPIRED', `${kit.label}: the lease is gone or not renewable`, {
          statusCode: 400,
          ...(failure.cause === undefined ? {} : { cause: failure.cause as CleanCause }),
        });
      }
    },

    async revokeLease(lease, context) {
      const leaseId = assertLease(lease);
      await call({
        path: 'sys/leases/revoke',
        method: 'PUT',
        json: { lease_id: leaseId },
        signal: context.signal,
        noContent: true,
      });
    },

    watchChanges(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    client: () => transport.client(),

    async close() {
      closed = true;
      tokens.close();
      listeners.clear();
      await transport.close();
    },
  };
}

/** Tells every listener that anything may have changed; a listener's failure is its own. */
function hintAll(listeners: ReadonlySet<(hint: ChangeHint) => void>): void {
  for (const listener of listeners) {
    try {
      listener({});
    } catch {
      // a listener's failure is its own
    }
  }
}

function envOrUndefined(key: string): string | undefined {
  const value = process.env[key];
  return value === undefined || value === '' ? undefined : value;
}
