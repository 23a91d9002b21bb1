// KeyVaultSecret → SecretRecord, refusing what must not be served: a disabled secret, one not yet
// valid (notBefore in the future) or already expired (expiresOn in the past) is DISABLED; an answer
// whose value is not text or whose dates are not dates is malformed (UNAVAILABLE, DESIGN §5).
import type { KeyVaultSecret } from '@azure/keyvault-secrets';
import type { SecretRecord } from '@secretkit/core';
import type { AdapterKit } from '@secretkit/core/adapter';

/** The SDK's name for each date and the wire attribute it came from. */
const DATES = [
  ['notBefore', 'nbf'],
  ['expiresOn', 'exp'],
  ['createdOn', 'created'],
] as const;

/**
 * The record for `name`, or DISABLED when Key Vault's attributes say it must not be used now.
 * A date that is present but not a valid Date (the SDK turns `"exp": "soon"` into an Invalid Date,
 * and passes `0` or `""` through as is) is a malformed answer: Key Vault itself only sends Unix
 * seconds, so a corrupt date means a corrupt answer (a proxy, a truncation) that a retry may cure;
 * it is never served, and stale-if-error may keep serving the last good value meanwhile.
 */
export function toRecord(
  kit: AdapterKit,
  name: string,
  secret: KeyVaultSecret,
  now: number = Date.now(),
): SecretRecord {
  const properties = (secret.properties ?? {}) as KeyVaultSecret['properties'];
  // kit.malformed() with the status: the SDK only resolves a read on a 200.
  const malformed = (what: string) =>
    kit.error('UNAVAILABLE', `${kit.label}: the answer for "${name}" was malformed (${what})`, {
      name,
      statusCode: 200,
      retryable: true,
    });
  for (const [field, attribute] of DATES) {
    const date: unknown = properties[field];
    if (date === undefined || date === null) continue;
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
      throw malformed(`its "${attribute}" attribute is not a date`);
    }
  }
  if (typeof secret.value !== 'string') throw malformed('it has no text value');
  const refuse = (why: string) => kit.error('DISABLED', `${kit.label}: secret "${name}" ${why}`, { name });
  if (properties.enabled === false) throw refuse('is disabled');
  if (properties.notBefore && properties.notBefore.getTime() > now) {
    throw refuse(`is not valid before ${properties.notBefore.toISOString()}`);
  }
  if (properties.expiresOn && properties.expiresOn.getTime() <= now) {
    throw refuse(`expired at ${properties.expiresOn.toISOString()}`);
  }
  const metadata: Record<string, string> = {};
  if (typeof properties.contentType === 'string') metadata.contentType = properties.contentType;
  for (const [key, value] of Object.entries(properties.tags ?? {})) {
    if (typeof value === 'string') metadata[`tag:${key}`] = value;
  }
  if (typeof properties.id === 'string') metadata.id = properties.id;
  return {
    name,
    value: secret.value,
    ...(typeof properties.version === 'string' ? { version: properties.version } : {}),
    ...(properties.createdOn ? { createdAt: properties.createdOn } : {}),
    ...(properties.expiresOn ? { expiresAt: properties.expiresOn } : {}),
    metadata,
  };
}
