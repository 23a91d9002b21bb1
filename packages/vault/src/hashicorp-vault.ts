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
  SecretsError,
} from '@secretkit/core';
import { PROVIDER_NAME } from './error-mapping.js';
import { KvMounts, type MountKind } from './kv-mounts.js';
import { assertVaultName } from './names.js';
import { assertAddress, assertOptions, configError, type HashicorpVaultOptions } from './options.js';
import { assertLiveVersion, type KvV2Metadata, kv2Record, plainRecord } from './records.js';
import { TokenKeeper } from './token-keeper.js';
import { type VaultBody, type VaultCall, VaultTransport } from './transport.js';

/** The Vault provider: reads, version probes, lease renewal/revocation and re-login hints. */
export interface HashicorpVaultProvider extends ProviderWith<'getVersion' | 'renewLease' | 'revokeLease'> {
  readonly name: 'hashicorp-vault';
  /** Hints `{}` after a token re-login: the old token's leases may be gone, re-read them. */
  watchChanges(listener: (hint: ChangeHint) => void): () => void;
  /** Stops the token renewal timer. */
  close(): Promise<void>;
}

/**
 * A SecretProvider for HashiCorp Vault. Names are full logical paths, mount first
 * (`secret/app/db`, `database/creds/app`). node-vault is imported on first use; its own renewal
 * is not used. `address`/`token` default to VAULT_ADDR/VAULT_TOKEN, read here.
 */
export function hashicorpVault(options: HashicorpVaultOptions = {}): HashicorpVaultProvider {
  assertOptions(options);
  const address = options.address ?? envOrUndefined('VAULT_ADDR');
  if (options.client === undefined) {
    if (address === undefined) throw configError('no Vault address: pass `address` or set VAULT_ADDR');
    assertAddress(address, options.allowInsecureHttp === true);
  } else if (options.address !== undefined) {
    assertAddress(options.address, options.allowInsecureHttp === true);
  }
  const auth = options.auth?.method === 'token' ? undefined : options.auth;
  const staticToken =
    options.auth?.method === 'token' ? options.auth.token : (options.token ?? envOrUndefined('VAULT_TOKEN'));
  const listeners = new Set<(hint: ChangeHint) => void>();
  let keeper: TokenKeeper | undefined; // the transport reads its secrets lazily
  const transport = new VaultTransport({
    address: address === undefined ? undefined : address.replace(/\/+$/, ''),
    token: auth === undefined ? staticToken : undefined,
    namespace: options.namespace,
    client: options.client,
    secrets: () => keeper?.secrets() ?? [],
  });
  keeper = new TokenKeeper({
    transport,
    auth,
    staticToken,
    onRelogin: () => {
      for (const listener of listeners) {
        try {
          listener({});
        } catch {
          // a listener's failure is its own
        }
      }
    },
  });
  const tokens = keeper;
  const mounts = new KvMounts(options.kv, transport);
  let closed = false;

  /** A call with a ready token; one re-login and one retry when Vault refuses the token. */
  async function call(request: VaultCall): Promise<VaultBody> {
    if (closed) throw new SecretsError('CLOSED', 'the Vault provider is closed', { provider: PROVIDER_NAME });
    await raceReady(request.signal);
    try {
      return await transport.request(request);
    } catch (error) {
      if ((error as SecretsError).code !== 'UNAUTHENTICATED' || !(await tokens.recover())) throw error;
      return transport.request(request);
    }
  }

  async function raceReady(signal: AbortSignal | undefined): Promise<void> {
    const ready = tokens.ready();
    return signal === undefined ? ready : raceAbort(ready, signal);
  }

  async function resolve(name: string, signal: AbortSignal): Promise<MountKind> {
    await raceReady(signal);
    return mounts.resolve(name, signal);
  }

  async function readSecret(request: SecretRequest, context: ProviderContext): Promise<SecretRecord> {
    const name = assertRequest(request);
    const kind = await resolve(name, context.signal);
    if (kind.kind !== 'kv2') {
      if (request.version !== undefined) {
        throw new SecretsError('CONFIG', `"${name}" is not on a KV v2 mount: it has no versions`, {
          provider: PROVIDER_NAME,
          secretName: name,
        });
      }
      return plainRecord(name, await call({ path: name, method: 'GET', name, signal: context.signal }));
    }
    const query = request.version === undefined ? '' : `?version=${request.version}`;
    const body = await call({
      path: `${kv2Path(kind, 'data')}${query}`,
      method: 'GET',
      name,
      signal: context.signal,
      refine: (status, errorBody) => (status === 404 ? deletedVersion(name, errorBody) : undefined),
    });
    return kv2Record(name, body);
  }

  return {
    name: PROVIDER_NAME,

    getSecret: readSecret,

    async getVersion(request, context) {
      const name = assertRequest(request);
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
        throw new SecretsError('NOT_FOUND', `"${name}" has no version ${version ?? ''}`.trimEnd(), {
          provider: PROVIDER_NAME,
          secretName: name,
        });
      }
      assertLiveVersion(name, { ...entry, version: Number(version) });
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
        if (failure.code === 'INVALID_REQUEST' && failure.statusCode === 400) {
          throw new SecretsError('LEASE_EXPIRED', 'the lease is gone or not renewable', {
            provider: PROVIDER_NAME,
            statusCode: 400,
            cause: failure.cause,
          });
        }
        throw error;
      }
    },

    async revokeLease(lease, context) {
      const leaseId = assertLease(lease);
      await call({
        path: 'sys/leases/revoke',
        method: 'PUT',
        json: { lease_id: leaseId },
        signal: context.signal,
      });
    },

    watchChanges(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    async close() {
      closed = true;
      tokens.close();
      listeners.clear();
    },
  };
}

function envOrUndefined(key: string): string | undefined {
  const value = process.env[key];
  return value === undefined || value === '' ? undefined : value;
}

function kv2Path(kind: Extract<MountKind, { kind: 'kv2' }>, section: 'data' | 'metadata'): string {
  if (kind.rest === '') {
    throw new SecretsError('CONFIG', `"${kind.mount}" names a KV v2 mount, not a secret in it`, {
      provider: PROVIDER_NAME,
      secretName: kind.mount,
    });
  }
  return `${kind.mount}/${section}/${kind.rest}`;
}

/** A KV v2 404 that carries metadata: the version was deleted (NOT_FOUND) or destroyed (DISABLED). */
function deletedVersion(name: string, body: VaultBody): SecretsError | undefined {
  const metadata = (body.data as { metadata?: KvV2Metadata } | undefined)?.metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  try {
    assertLiveVersion(name, metadata);
  } catch (error) {
    return error as SecretsError;
  }
  return undefined;
}

/** Checks a request's shape and name; returns the name. */
function assertRequest(request: SecretRequest): string {
  if (typeof request !== 'object' || request === null) {
    throw configError('a request must be an object { name, version? }');
  }
  const segments = assertVaultName(request.name);
  const { name, version, stage } = request;
  const kvRoot = segments.length < 2;
  if (kvRoot) {
    throw new SecretsError('CONFIG', `"${name}" names a mount, not a secret (use "mount/path")`, {
      provider: PROVIDER_NAME,
      secretName: name,
    });
  }
  if (version !== undefined && (typeof version !== 'string' || !/^[1-9]\d{0,18}$/.test(version))) {
    throw new SecretsError('CONFIG', 'a Vault version is a KV v2 version number such as "3"', {
      provider: PROVIDER_NAME,
      secretName: name,
    });
  }
  if (stage !== undefined) {
    throw new SecretsError('CONFIG', 'Vault has no stages (use `version` on KV v2)', {
      provider: PROVIDER_NAME,
      secretName: name,
    });
  }
  return name;
}

function assertLease(lease: Lease): string {
  if (typeof lease !== 'object' || lease === null || typeof lease.id !== 'string' || lease.id === '') {
    throw configError('a lease needs a non-empty id');
  }
  return lease.id;
}
