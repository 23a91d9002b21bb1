// The resolver every command reads refs through (@secretkit/refs, DESIGN §9), with the client
// options a command needs, and Vault's Kubernetes login when SECRETKIT_VAULT_AUTH asks for it (the
// refs defaults know only VAULT_TOKEN; a pod has a service-account token instead).
import type { SecretsClientOptions } from '@secretkit/core';
import { createSecretResolver, type SecretResolver, type SecretResolverOptions } from '@secretkit/refs';
import { usageError } from './report.js';

type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Client options for watching: every read asks the provider (ttl 0) and a failing provider is an
 * error, never a stale value (staleIfError 0), so a change is seen at the next poll and a restart
 * never comes from stale data. Leased secrets stay cached while their lease lives (core renews and
 * replaces them), so polls never mint credentials.
 */
export const WATCH_CLIENT_OPTIONS: Omit<SecretsClientOptions, 'provider'> = {
  cache: { ttl: 0, staleIfError: 0 },
};

function fromEnv(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** providers.vault for SECRETKIT_VAULT_AUTH=kubernetes; undefined when it is unset. */
async function vaultProviders(env: Environment): Promise<SecretResolverOptions['providers']> {
  const method = fromEnv(env, 'SECRETKIT_VAULT_AUTH');
  if (method === undefined) return undefined;
  if (method !== 'kubernetes') {
    throw usageError(`SECRETKIT_VAULT_AUTH: unknown method "${method}" (expected kubernetes)`);
  }
  const role = fromEnv(env, 'SECRETKIT_VAULT_ROLE');
  if (role === undefined) throw usageError('SECRETKIT_VAULT_AUTH=kubernetes needs SECRETKIT_VAULT_ROLE');
  const mount = fromEnv(env, 'SECRETKIT_VAULT_AUTH_MOUNT');
  const jwtPath = fromEnv(env, 'SECRETKIT_VAULT_JWT_PATH');
  const { hashicorpVault } = await import('@secretkit/vault');
  return {
    vault: (ref) => {
      const namespace = ref.params.namespace ?? fromEnv(env, 'VAULT_NAMESPACE');
      return hashicorpVault({
        auth: { method: 'kubernetes', role, ...(mount ? { mount } : {}), ...(jwtPath ? { jwtPath } : {}) },
        ...(namespace ? { namespace } : {}),
      });
    },
  };
}

export interface CliResolverOptions {
  /** Reads for a watch loop: WATCH_CLIENT_OPTIONS. */
  watching: boolean;
  /** Client options of the command's own, over those `watching` picks. @default {} */
  client?: Omit<SecretsClientOptions, 'provider'>;
  /** @default process.env */
  env?: Environment;
}

/** A resolver for one command. */
export async function createCliResolver(options: CliResolverOptions): Promise<SecretResolver> {
  const env = options.env ?? process.env;
  const providers = await vaultProviders(env);
  const client = { ...(options.watching ? WATCH_CLIENT_OPTIONS : {}), ...options.client };
  return createSecretResolver({
    ...(providers ? { providers } : {}),
    ...(Object.keys(client).length > 0 ? { client } : {}),
  });
}
