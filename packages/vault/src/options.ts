// hashicorpVault options, their checks (CONFIG at construction) and the address rules: an origin
// only (no path, query, fragment or credentials), plain http only on loopback (DESIGN §5).
import { type AdapterKit, checkOptions, checkServiceUrl, hasUnprintable } from '@secretkit/core/adapter';
import type NodeVault from 'node-vault';

/** How the adapter logs in. Without it, the static `token` (or VAULT_TOKEN) is used. */
export type VaultAuth =
  | { method: 'token'; token: string }
  /** @default mount 'approle' */
  | { method: 'approle'; roleId: string; secretId: string; mount?: string }
  /** @default jwtPath '/var/run/secrets/kubernetes.io/serviceaccount/token', mount 'kubernetes' */
  | { method: 'kubernetes'; role: string; jwtPath?: string; mount?: string }
  /** @default mount 'jwt' */
  | { method: 'jwt'; role: string; jwt: string; mount?: string };

export interface HashicorpVaultOptions {
  /**
   * Vault's address: `https://host[:port]`, nothing after the port but an optional `/`.
   * @default process.env.VAULT_ADDR, read at construction
   */
  address?: string;
  /** A static token. @default process.env.VAULT_TOKEN, read at construction */
  token?: string;
  /** A login method; it takes precedence over `token`. @default undefined (the static token) */
  auth?: VaultAuth;
  /** Sent as X-Vault-Namespace on every request. @default undefined (node-vault: VAULT_NAMESPACE) */
  namespace?: string;
  /** KV mounts and their versions, e.g. `{ secret: 2, legacy: 1 }`; others are detected once. @default {} */
  kv?: Record<string, 1 | 2>;
  /** Allow an `http://` address that is not loopback. @default false */
  allowInsecureHttp?: boolean;
  /**
   * A node-vault client to use (its endpoint, token and namespace are left alone, except the token
   * on login). @default undefined (the adapter builds one on first use)
   */
  client?: NodeVault.client;
}

export const DEFAULT_JWT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

const KNOWN_KEYS = ['address', 'token', 'auth', 'namespace', 'kv', 'allowInsecureHttp', 'client'] as const;
const AUTH_KEYS: Readonly<Record<string, readonly string[]>> = {
  token: ['method', 'token'],
  approle: ['method', 'roleId', 'secretId', 'mount'],
  kubernetes: ['method', 'role', 'jwtPath', 'mount'],
  jwt: ['method', 'role', 'jwt', 'mount'],
};

/** Checks the options (unknown keys, types, kv versions, auth); CONFIG on the first problem. */
export function assertOptions(kit: AdapterKit, options: unknown): HashicorpVaultOptions {
  const checked = checkOptions(kit, options, KNOWN_KEYS) as HashicorpVaultOptions;
  for (const key of ['address', 'token', 'namespace'] as const) {
    const value = checked[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw kit.configError(`\`${key}\` must be a non-empty string`);
    }
  }
  if (checked.allowInsecureHttp !== undefined && typeof checked.allowInsecureHttp !== 'boolean') {
    throw kit.configError('`allowInsecureHttp` must be true or false');
  }
  if (checked.kv !== undefined) {
    if (typeof checked.kv !== 'object' || checked.kv === null)
      throw kit.configError('`kv` maps mounts to 1 or 2');
    for (const [mount, version] of Object.entries(checked.kv)) {
      if (version !== 1 && version !== 2) throw kit.configError(`\`kv.${mount}\` must be 1 or 2`);
      if (mount === '' || mount.includes('/') || hasUnprintable(mount)) {
        throw kit.configError(`\`kv\` mount "${mount}" must be one path segment`);
      }
    }
  }
  if (checked.auth !== undefined) assertAuth(kit, checked.auth);
  return checked;
}

function assertAuth(kit: AdapterKit, auth: VaultAuth): void {
  const keys = AUTH_KEYS[(auth as { method?: unknown } | null)?.method as string];
  if (keys === undefined) {
    throw kit.configError('`auth.method` must be "token", "approle", "kubernetes" or "jwt"');
  }
  checkOptions(kit, auth, keys);
  const need = (value: unknown, what: string) => {
    if (typeof value !== 'string' || value === '')
      throw kit.configError(`\`auth.${what}\` must be a non-empty string`);
  };
  for (const key of keys) {
    const value = (auth as unknown as Record<string, unknown>)[key];
    if (key === 'mount' || key === 'jwtPath') {
      if (value !== undefined) need(value, key);
    } else need(value, key);
  }
}

/**
 * The origin to send to, or CONFIG (the kit's service-URL rules: no credentials, path, query or
 * fragment; plain http only to a loopback host unless `allowInsecureHttp`).
 */
export function assertAddress(kit: AdapterKit, address: string, allowInsecureHttp: boolean): string {
  return checkServiceUrl(kit, address, {
    option: 'address',
    example: 'https://vault.example.com:8200',
    allowInsecureHttp,
  });
}
