// parseSecretRef: a ref string to a SecretRef (DESIGN §8), split by hand on the first "?" and the
// first "#" (never WHATWG URL, which reads "arn:aws:…" as a host and port). Pure: no I/O.
import { describe } from '../duration.js';
import { SecretsError } from '../errors.js';
import { refError } from './ref-errors.js';
import { assertRefName } from './ref-fields.js';
import { parseRefPointer } from './ref-pointer.js';
import { CONTROL_CHARACTERS, parseRefQuery } from './ref-query.js';
import { SCHEME_RULES } from './schemes.js';
import {
  canonicalScheme,
  REF_PREFIXES,
  refPrefixOf,
  SECRET_REF_SCHEMES,
  type SecretRef,
} from './secret-ref.js';

/** The body, query and fragment of what follows "://"; CONFIG for a stray "?" or "#". */
function splitRest(text: string, rest: string): { body: string; query?: string; fragment?: string } {
  const hash = rest.indexOf('#');
  const fragment = hash === -1 ? undefined : rest.slice(hash + 1);
  const beforeHash = hash === -1 ? rest : rest.slice(0, hash);
  const question = beforeHash.indexOf('?');
  const query = question === -1 ? undefined : beforeHash.slice(question + 1);
  if (fragment?.includes('#')) throw refError(text, 'a stray "#": a ref has at most one "#"');
  if (fragment?.includes('?') || query?.includes('?')) {
    throw refError(text, 'a stray "?": a ref has at most one "?", before the "#"');
  }
  if (query === '') throw refError(text, 'a stray "?": nothing follows it');
  return {
    body: question === -1 ? beforeHash : beforeHash.slice(0, question),
    ...(query === undefined ? {} : { query }),
    ...(fragment === undefined ? {} : { fragment }),
  };
}

/** `vault://a/b` as vals would read `ref+vault://a/b` (field "b" of "a"), for the message. */
function valsFieldForm(prefix: string, scheme: string, body: string): string {
  const slash = body.lastIndexOf('/');
  if (slash <= 0) return `${prefix}${scheme}://${body}#/FIELD`;
  return `${prefix}${scheme}://${body.slice(0, slash)}#/${body.slice(slash + 1)}`;
}

/**
 * Parses a secret ref: `[ref+|secretref+]scheme://body[?query][#pointer]`. Throws
 * `SecretsError('CONFIG')` naming the ref and the problem for anything malformed, for an unknown
 * scheme or query key, and for a query key that would carry a credential (whose value no message shows).
 */
export function parseSecretRef(text: string): SecretRef {
  if (typeof text !== 'string') {
    throw new SecretsError('CONFIG', `a secret ref must be a string; got ${describe(text)}`);
  }
  if (CONTROL_CHARACTERS.test(text)) {
    throw refError(text, 'it contains a control character (a stray newline or tab?)');
  }
  const prefix = refPrefixOf(text);
  const afterPrefix = text.slice(prefix.length);
  const separator = afterPrefix.indexOf('://');
  if (separator === -1) throw refError(text, 'it has no "://" after the scheme');
  const schemeName = afterPrefix.slice(0, separator);
  const scheme = canonicalScheme(schemeName);
  if (scheme === undefined) {
    throw refError(
      text,
      `unknown scheme "${schemeName}"; expected ${SECRET_REF_SCHEMES.join(', ')} ` +
        `(optionally after ${REF_PREFIXES.join(' or ')})`,
    );
  }
  const rest = afterPrefix.slice(separator + 3);
  if (prefix !== '' && rest.includes('+')) {
    throw refError(
      text,
      `a "+" after "://" in a ${prefix} ref is where vals ends an inline ref; secretkit reads whole ` +
        `strings only (drop the "${prefix}" prefix if the name itself has a "+")`,
    );
  }
  const { body, query, fragment } = splitRest(text, rest);
  if (body === '') throw refError(text, 'the name is empty');
  const rules = SCHEME_RULES[scheme];
  const pairs =
    query === undefined ? new Map<string, string>() : parseRefQuery(text, query, rules.queryKeys, scheme);
  const fields = rules.parse(text, body, pairs);
  assertRefName(text, fields.name);
  if (prefix !== '' && (scheme === 'vault' || scheme === 'openbao') && fragment === undefined) {
    throw refError(
      text,
      `vals reads the last path segment of a ${prefix}${scheme} ref as a field of the secret; write ` +
        `${valsFieldForm(prefix, scheme, body)} for that, or drop "${prefix}" to read the whole secret`,
    );
  }
  const pointer = fragment === undefined ? undefined : parseRefPointer(text, fragment);
  return Object.freeze({
    scheme,
    name: fields.name,
    ...(fields.version === undefined ? {} : { version: fields.version }),
    ...(fields.stage === undefined ? {} : { stage: fields.stage }),
    ...(pointer === undefined ? {} : { pointer }),
    params: Object.freeze(fields.params),
  });
}
