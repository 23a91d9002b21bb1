// KeyVaultSecret → SecretRecord, refusing what must not be served: a disabled secret, one not yet
// valid (notBefore in the future) or already expired (expiresOn in the past) is DISABLED.
import type { KeyVaultSecret } from '@azure/keyvault-secrets';
import { type SecretRecord, SecretsError } from '@secretkit/core';
import { PROVIDER_NAME } from './error-mapping.js';

/** The record for `name`, or DISABLED when Key Vault's attributes say it must not be used now. */
export function toRecord(name: string, secret: KeyVaultSecret, now: number = Date.now()): SecretRecord {
  const { properties } = secret;
  const refuse = (why: string) =>
    new SecretsError('DISABLED', `Azure Key Vault secret "${name}" ${why}`, {
      provider: PROVIDER_NAME,
      secretName: name,
    });
  if (properties.enabled === false) throw refuse('is disabled');
  if (properties.notBefore !== undefined && properties.notBefore.getTime() > now) {
    throw refuse(`is not valid before ${properties.notBefore.toISOString()}`);
  }
  if (properties.expiresOn !== undefined && properties.expiresOn.getTime() <= now) {
    throw refuse(`expired at ${properties.expiresOn.toISOString()}`);
  }
  if (secret.value === undefined) {
    throw new SecretsError('UNKNOWN', `Azure Key Vault answered "${name}" without a value`, {
      provider: PROVIDER_NAME,
      secretName: name,
    });
  }
  const metadata: Record<string, string> = {};
  if (properties.contentType !== undefined) metadata.contentType = properties.contentType;
  for (const [key, value] of Object.entries(properties.tags ?? {})) metadata[`tag:${key}`] = value;
  if (properties.id !== undefined) metadata.id = properties.id;
  return {
    name,
    value: secret.value,
    ...(properties.version === undefined ? {} : { version: properties.version }),
    ...(properties.createdOn === undefined ? {} : { createdAt: properties.createdOn }),
    ...(properties.expiresOn === undefined ? {} : { expiresAt: properties.expiresOn }),
    metadata,
  };
}
