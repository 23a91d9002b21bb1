// Provider-neutral checks on a secret name, made before anything reaches a provider or the cache.
// Adapters add their own rules (Azure's character set, Vault's path segments) on top.
import { SecretsError } from './errors.js';

/** Longer than any provider accepts (AWS ARNs are at most 2048 characters). */
export const MAX_SECRET_NAME_LENGTH = 2048;

/**
 * C0 controls, DEL, C1 controls (U+0080–U+009F: U+0085 is a line break to some parsers, U+009B a
 * terminal escape) and the Unicode line and paragraph separators (U+2028, U+2029).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it rejects
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** True when `text` holds a control character or a line/paragraph separator. */
export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

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
  if (hasControlCharacter(name)) {
    throw new SecretsError('CONFIG', 'secret name must not contain control characters or line separators');
  }
}
