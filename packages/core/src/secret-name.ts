// Provider-neutral checks on a secret name, made before anything reaches a provider or the cache.
// Adapters add their own rules (Azure's character set, Vault's path segments) on top.
import { SecretsError } from './errors.js';

/** Longer than any provider accepts (AWS ARNs are at most 2048 characters). */
export const MAX_SECRET_NAME_LENGTH = 2048;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it rejects
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Throws CONFIG unless `name` is a non-empty string of printable characters within the limit. */
export function assertSecretName(name: unknown): asserts name is string {
  if (typeof name !== 'string') {
    throw new SecretsError(
      'CONFIG',
      `secret name must be a string; got ${name === null ? 'null' : typeof name}`,
    );
  }
  if (name.length === 0 || name.trim().length === 0) {
    throw new SecretsError('CONFIG', 'secret name must not be empty');
  }
  if (name.length > MAX_SECRET_NAME_LENGTH) {
    throw new SecretsError(
      'CONFIG',
      `secret name is ${name.length} characters; the limit is ${MAX_SECRET_NAME_LENGTH}`,
    );
  }
  if (CONTROL_CHARACTERS.test(name)) {
    throw new SecretsError('CONFIG', 'secret name must not contain control characters');
  }
}
