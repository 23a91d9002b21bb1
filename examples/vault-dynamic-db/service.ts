// A service that takes its database credentials from a Vault dynamic path (database/creds/<role>):
// core renews the lease on Vault's schedule, replaces the credential once per lease lifetime, and
// re-reads it after the adapter re-logs in; each new credential swaps the (simulated) pool.
import { createSecretsClient, type SecretsClient } from '@secretkit/core';
import { hashicorpVault, type VaultAuth } from '@secretkit/vault';

/** Stands in for a database pool: it remembers the credentials it was opened with. */
export interface Pool {
  id: number;
  username: string;
  password: string;
  closed: boolean;
}

export interface DbService {
  readonly secrets: SecretsClient;
  /** The pool in use (opened on first call). */
  pool(): Promise<Pool>;
  /** Every pool opened so far, oldest first. */
  readonly pools: readonly Pool[];
  close(): Promise<void>;
}

export interface DbServiceOptions {
  /** @default process.env.DB_CREDS_PATH ?? 'database/creds/app' */
  path?: string;
  /** @default VAULT_ADDR */
  address?: string;
  /** @default the Kubernetes service-account login when VAULT_K8S_ROLE is set, else VAULT_TOKEN */
  auth?: VaultAuth;
}

export function createDbService(options: DbServiceOptions = {}): DbService {
  const path = options.path ?? process.env.DB_CREDS_PATH ?? 'database/creds/app';
  const role = process.env.VAULT_K8S_ROLE;
  const auth = options.auth ?? (role ? ({ method: 'kubernetes', role } as const) : undefined);
  const secrets = createSecretsClient({
    provider: hashicorpVault({
      ...(options.address === undefined ? {} : { address: options.address }),
      ...(auth === undefined ? {} : { auth }),
    }),
    leases: { revokeOnClose: true },
  });
  const pools: Pool[] = [];
  let current: Promise<Pool> | undefined;

  async function open(): Promise<Pool> {
    const credentials = await secrets.getJson<{ username: string; password: string }>(path);
    const pool: Pool = { id: pools.length + 1, ...credentials, closed: false };
    pools.push(pool);
    return pool;
  }

  // A new credential (the lease's one replacement, or a re-read after a token re-login): open a
  // pool with it, then retire the old one. Renewals keep the same credential and change nothing.
  secrets.on('rotate', ({ name }) => {
    if (name !== path || current === undefined) return;
    const old = current;
    current = open();
    void old.then((pool) => {
      pool.closed = true;
    });
  });

  return {
    secrets,
    pools,
    pool() {
      current ??= open();
      return current;
    },
    async close() {
      await secrets.close();
      const last = await current;
      if (last) last.closed = true;
    },
  };
}

// `node examples/vault-dynamic-db/service.ts` with VAULT_ADDR and VAULT_TOKEN (or VAULT_K8S_ROLE) set.
if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) {
  const service = createDbService();
  const pool = await service.pool();
  console.log(`pool ${pool.id} opened as ${pool.username}`);
  service.secrets.on('lease', (e) => console.log(`lease ${e.status}`));
  service.secrets.on('rotate', (e) => console.log(`credential replaced (${e.reason})`));
}
