// The query of a ref: `key=value` pairs joined by `&`, values percent-decoded, each key once.
// Credential keys are refused by name (DESIGN §8: no credentials in a ref), as are vals' own options.
import { refError } from './ref-errors.js';

/** C0 and C1 controls, DEL, and the line and paragraph separators, as core's secret-name checks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it rejects
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Keys that would carry a credential or pick the host a credential is sent to. A Vault address in a
 * ref would let whoever writes the ref send the Vault token to their own server.
 */
export const REFUSED_QUERY_KEYS: ReadonlySet<string> = new Set([
  'token',
  'password',
  'secret',
  'secret_id',
  'role_id',
  'client_secret',
  'address',
]);

/** vals (and go-cloud) query options that mean something secretkit takes from options, not refs. */
export const VALS_ONLY_QUERY_KEYS: ReadonlySet<string> = new Set([
  'role_arn',
  'profile',
  'token_env',
  'token_file',
  'auth_method',
  'auth_mount',
  'mount_point',
  'fallback',
  'optional',
  'trim_nl',
  'decode',
  'mount',
  'engine',
  'engine_version',
  'decoder',
]);

/**
 * The decoded pairs of `query` (the text between `?` and `#`), after refusing credential keys,
 * vals-only keys and any key not in `allowed` (each with its own message). `text` is the whole ref.
 */
export function parseRefQuery(
  text: string,
  query: string,
  allowed: readonly string[],
  scheme: string,
): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const pair of query.split('&')) {
    const equals = pair.indexOf('=');
    const key = equals === -1 ? pair : pair.slice(0, equals);
    if (REFUSED_QUERY_KEYS.has(key.toLowerCase())) {
      throw refError(
        text,
        `query key "${key}" is refused: a ref never carries a credential or a server address; ` +
          'give them in the provider options or the environment',
      );
    }
    if (key === '') throw refError(text, 'the query has an empty key (a stray "&" or "=")');
    if (equals === -1) throw refError(text, 'a query part has no "=" (write KEY=VALUE)');
    if (VALS_ONLY_QUERY_KEYS.has(key.toLowerCase())) {
      throw refError(
        text,
        `query key "${key}" is a vals option that a secretkit ref does not take; ` +
          'set it in the provider options (the resolver\'s "providers")',
      );
    }
    if (!allowed.includes(key)) {
      const expected = allowed.length === 0 ? 'it takes no query keys' : `it takes ${allowed.join(', ')}`;
      throw refError(text, `unknown query key "${key}" for ${scheme}:// refs; ${expected}`);
    }
    if (pairs.has(key)) throw refError(text, `query key "${key}" is given twice`);
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(equals + 1));
    } catch {
      throw refError(text, `the value of query key "${key}" has a malformed percent-encoding`);
    }
    if (value === '') throw refError(text, `query key "${key}" has an empty value`);
    if (CONTROL_CHARACTERS.test(value)) {
      throw refError(text, `the value of query key "${key}" decodes to a control character`);
    }
    pairs.set(key, value);
  }
  return pairs;
}

/** Takes `key` or its `alias` (both given is CONFIG); undefined when neither. */
export function takeEither(
  text: string,
  pairs: Map<string, string>,
  key: string,
  alias: string,
): string | undefined {
  const value = pairs.get(key);
  const aliased = pairs.get(alias);
  if (value !== undefined && aliased !== undefined) {
    throw refError(text, `give "${key}" or "${alias}", not both`);
  }
  return value ?? aliased;
}
