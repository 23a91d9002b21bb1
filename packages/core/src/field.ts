// `field`: one top-level key of a JSON object value (Vault KV data, AWS JSON secrets), applied
// after the cache so one entry serves every field of a secret.
import { SecretsError } from './errors.js';
import type { CachedSecret } from './secret.js';

/**
 * The secret narrowed to one field: a string field is its text, any other JSON value its JSON
 * text (getJson with a field returns the field's value itself). PARSE when the value is not JSON, WRONG_TYPE when it is not an object, NOT_FOUND when the
 * object has no such key.
 */
export function selectField(secret: CachedSecret, field: string): CachedSecret {
  const value = fieldValue(secret, field);
  return secret.withValue(typeof value === 'string' ? value : JSON.stringify(value));
}

/** The field's JSON value itself (shared with the cached parse: copy before handing it out). */
export function fieldValue(secret: CachedSecret, field: string): unknown {
  const parsed = secret.parsedJson();
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SecretsError(
      'WRONG_TYPE',
      `secret "${secret.name}" is not a JSON object, so it has no fields`,
      {
        secretName: secret.name,
      },
    );
  }
  if (!Object.hasOwn(parsed, field)) {
    throw new SecretsError('NOT_FOUND', `secret "${secret.name}" has no field "${field}"`, {
      secretName: secret.name,
    });
  }
  return (parsed as Record<string, unknown>)[field];
}
