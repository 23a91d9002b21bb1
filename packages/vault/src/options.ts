// hashicorpVault options, their checks (CONFIG at construction) and the plain-http rule (DESIGN §5).
import { SecretsError } from '@secretkit/core';
import type NodeVault from 'node-vault';
import { PROVIDER_NAME } from './error-mapping.js';

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
  /** Vault's address. @default process.env.VAULT_ADDR, read at construction */
  address?: string;
  /** A static token. @default process.env.VAULT_TOKEN, read at construction */
  token?: string;
  /** A login method; it takes precedence over `token`. */
  auth?: VaultAuth;
  /** Sent as X-Vault-Namespace on every request. */
  namespace?: string;
  /** KV mounts and their versions, e.g. `{ secret: 2, legacy: 1 }`; others are detected once. */
  kv?: Record<string, 1 | 2>;
  /** Allow an `http://` address that is not loopback. @default false */
  allowInsecureHttp?: boolean;
  /** A node-vault client to use (its endpoint, token and namespace are left alone, except the token on login). */
  client?: NodeVault.client;
}

export const DEFAULT_JWT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';

const KNOWN_KEYS = new Set(['address', 'token', 'auth', 'namespace', 'kv', 'allowInsecureHttp', 'client']);

export function configError(message: string): SecretsError {
  return new SecretsError('CONFIG', message, { provider: PROVIDER_NAME });
}

/** Checks the options; returns the address (when we build the client). */
export function assertOptions(options: HashicorpVaultOptions): void {
  if (typeof options !== 'object' || options === null)
    throw configError('hashicorpVault takes an options object');
  for (const key of Object.keys(options)) {
    if (!KNOWN_KEYS.has(key)) throw configError(`unknown hashicorpVault option "${key}"`);
  }
  for (const key of ['address', 'token', 'namespace'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw configError(`\`${key}\` must be a non-empty string`);
    }
  }
  if (options.kv !== undefined) {
    if (typeof options.kv !== 'object' || options.kv === null)
      throw configError('`kv` maps mounts to 1 or 2');
    for (const [mount, version] of Object.entries(options.kv)) {
      if (version !== 1 && version !== 2) throw configError(`\`kv.${mount}\` must be 1 or 2`);
      if (mount === '' || mount.includes('/'))
        throw configError(`\`kv\` mount "${mount}" must be one path segment`);
    }
  }
  if (options.auth !== undefined) assertAuth(options.auth);
}

function assertAuth(auth: VaultAuth): void {
  const need = (value: unknown, what: string) => {
    if (typeof value !== 'string' || value === '')
      throw configError(`\`auth.${what}\` must be a non-empty string`);
  };
  switch (auth?.method) {
    case 'token':
      need(auth.token, 'token');
      break;
    case 'approle':
      need(auth.roleId, 'roleId');
      need(auth.secretId, 'secretId');
      break;
    case 'kubernetes':
      need(auth.role, 'role');
      if (auth.jwtPath !== undefined) need(auth.jwtPath, 'jwtPath');
      break;
    case 'jwt':
      need(auth.role, 'role');
      need(auth.jwt, 'jwt');
      break;
    default:
      throw configError('`auth.method` must be "token", "approle", "kubernetes" or "jwt"');
  }
}

/** CONFIG for an address that is not http(s), or plain http to a host that is not loopback. */
export function assertAddress(address: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw configError('`address` must be an absolute URL such as https://vault.example.com:8200');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw configError('`address` must be http(s)');
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw configError(
      `refusing plain http to ${url.hostname}: the Vault token would travel unencrypted (use https, or allowInsecureHttp: true)`,
    );
  }
  return address.replace(/\/+$/, '');
}

/** 127.0.0.0/8, localhost and ::1. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  const parts = host.split('.');
  return (
    parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
  );
}
