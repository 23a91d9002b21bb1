// Key Vault's rule for secret names and versions, checked before any request: anything else could
// reach another endpoint (`..` as a name resolves to the list endpoint).
import { SecretsError } from '@secretkit/core';
import { PROVIDER_NAME } from './error-mapping.js';

/** Secret names and versions: 1–127 ASCII letters, digits and dashes (Key Vault's own rule). */
export const KEY_VAULT_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const RULE = '1-127 characters of 0-9, a-z, A-Z and "-"';

function configError(message: string, name?: string): SecretsError {
  return new SecretsError('CONFIG', message, {
    provider: PROVIDER_NAME,
    ...(name === undefined ? {} : { secretName: name }),
  });
}

/** Throws CONFIG unless `name` is a valid Key Vault secret name. */
export function assertSecretName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !KEY_VAULT_NAME.test(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 40)) : typeof name;
    throw configError(`Key Vault secret name ${shown} is invalid: a name is ${RULE}`);
  }
}

/** Checks a request's shape (name, version; no stage); returns its name. */
export function assertRequest(request: unknown): string {
  if (typeof request !== 'object' || request === null) {
    throw configError('a request must be an object { name, version? }');
  }
  const { name, version, stage } = request as { name?: unknown; version?: unknown; stage?: unknown };
  assertSecretName(name);
  if (version !== undefined && (typeof version !== 'string' || !KEY_VAULT_NAME.test(version))) {
    throw configError(`Key Vault secret version is invalid: a version is ${RULE}`, name);
  }
  if (stage !== undefined) {
    throw configError('Key Vault has no stages: ask for a version instead', name);
  }
  return name;
}
