// Key Vault's rule for secret names and versions, checked before any request on top of the kit's
// checks (type, length, control characters): anything else could reach another endpoint (`..` as
// a name resolves to the list endpoint).
import type { SecretRequest } from '@secretkit/core';
import { type AdapterKit, checkRequest, checkSecretName } from '@secretkit/core/adapter';

/** Secret names and versions: 1–127 ASCII letters, digits and dashes (Key Vault's own rule). */
export const KEY_VAULT_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const RULE = '1-127 characters of 0-9, a-z, A-Z and "-"';
const MAX_LENGTH = 127;

/** Throws CONFIG unless `name` is a valid Key Vault secret name. */
export function checkKeyVaultName(kit: AdapterKit, name: unknown): asserts name is string {
  checkSecretName(kit, name, MAX_LENGTH);
  if (!KEY_VAULT_NAME.test(name)) {
    throw kit.configError(`Key Vault secret name ${JSON.stringify(name)} is invalid: a name is ${RULE}`);
  }
}

/** Checks a request's shape (name, version; Key Vault has no stages); returns it. */
export function checkKeyVaultRequest(kit: AdapterKit, request: unknown): SecretRequest {
  const checked = checkRequest(kit, request, { maxNameLength: MAX_LENGTH, maxVersionLength: MAX_LENGTH });
  checkKeyVaultName(kit, checked.name);
  if (checked.version !== undefined && !KEY_VAULT_NAME.test(checked.version)) {
    throw kit.configError(`Key Vault secret version is invalid: a version is ${RULE}`, checked.name);
  }
  return checked;
}
