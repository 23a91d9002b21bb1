// Factory options checked the same way in every adapter: a plain object of known keys, read as core
// reads its own options, so a typo reads `awsSecretsManager: unknown option "regoin"; expected one
// of: …` everywhere.
import { isSecretsError } from '../errors.js';
import { readOptions } from '../option-checks.js';
import type { AdapterKit } from './define-adapter.js';

/**
 * Throws CONFIG (prefixed with the adapter's factory name) unless `options` is undefined or an
 * object whose every key — own or inherited below Object.prototype, never a Symbol — is in
 * `known`. Returns the known options as a null-prototype record, never read from a polluted
 * Object.prototype.
 */
export function checkOptions(
  kit: AdapterKit,
  options: unknown,
  known: readonly string[],
  /** Where a nested options object sits (`'auth'` → `unknown option "auth.roel"`). */
  path?: string,
): Record<string, unknown> {
  if (options === undefined) return {};
  try {
    return readOptions(
      options,
      path === undefined ? 'options' : `option "${path}"`,
      known,
      'option',
      path ? `${path}.` : '',
    );
  } catch (error) {
    throw isSecretsError(error) ? kit.configError(error.message) : error;
  }
}
