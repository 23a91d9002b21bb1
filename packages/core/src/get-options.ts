// Per-call options (get, getSecret, getMany, refresh...) and their checks: CONFIG or ABORTED before
// anything reaches the cache or a provider (DESIGN §4 rule 8).
import { SecretsError } from './errors.js';
import { readOptions } from './option-checks.js';
import { hasControlCharacter } from './secret-name.js';

export interface GetOptions {
  /** Pin a provider version id. */
  version?: string;
  /** A stage label: AWSCURRENT, AWSPREVIOUS, ... */
  stage?: string;
  /** Take one top-level key of a JSON object value. Applied after the cache. */
  field?: string;
  /** Stops waiting: the call rejects with ABORTED (a shared provider call goes on for others). */
  signal?: AbortSignal;
}

const GET_OPTION_KEYS = ['version', 'stage', 'field', 'signal'] as const;
const MAX_OPTION_TEXT_LENGTH = 1024;

/** The checked options (a copy holding only known keys), or CONFIG. */
export function validateGetOptions(options: unknown): GetOptions | undefined {
  if (options === undefined) return undefined;
  const get = readOptions(options, 'get options', GET_OPTION_KEYS, 'get option');
  for (const key of ['version', 'stage', 'field'] as const) {
    const value = get[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_OPTION_TEXT_LENGTH) {
      throw new SecretsError(
        'CONFIG',
        `${key} must be a non-empty string of at most ${MAX_OPTION_TEXT_LENGTH} characters`,
      );
    }
    // version and stage reach the provider's wire (a URL, a header); field never leaves core.
    if (key !== 'field' && hasControlCharacter(value)) {
      throw new SecretsError('CONFIG', `${key} must not contain control characters or line separators`);
    }
  }
  if (get.signal !== undefined && !(get.signal instanceof AbortSignal)) {
    throw new SecretsError('CONFIG', 'signal must be an AbortSignal');
  }
  return get as GetOptions;
}

/** Valid per-call options, or CONFIG; ABORTED when their signal already aborted (no provider call). */
export function checkGetOptions(options: unknown, secretName?: string): GetOptions | undefined {
  const checked = validateGetOptions(options);
  if (checked?.signal?.aborted) {
    throw new SecretsError('ABORTED', 'the operation was aborted before it started', {
      ...(secretName === undefined ? {} : { secretName }),
    });
  }
  return checked;
}
