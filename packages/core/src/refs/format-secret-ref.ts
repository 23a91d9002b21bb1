// formatSecretRef: a SecretRef back to its canonical text (lower-case scheme, no prefix, versions
// as ?version=, keys in a fixed order). It parses what it wrote: parse(format(r)) deep-equals r.
import { SecretsError } from '../errors.js';
import { parseSecretRef } from './parse-secret-ref.js';
import { formatRefPointer } from './ref-pointer.js';
import { SCHEME_RULES } from './schemes.js';
import { SECRET_REF_SCHEMES, type SecretRef } from './secret-ref.js';

/** True when `a` and `b` are the same ref field by field (absent and undefined alike). */
export function sameSecretRef(a: SecretRef, b: SecretRef): boolean {
  if (a.scheme !== b.scheme || a.name !== b.name || a.version !== b.version || a.stage !== b.stage) {
    return false;
  }
  if ((a.pointer === undefined) !== (b.pointer === undefined)) return false;
  if (a.pointer && b.pointer) {
    if (a.pointer.length !== b.pointer.length || a.pointer.some((token, i) => token !== b.pointer![i])) {
      return false;
    }
  }
  const keys = (ref: SecretRef) =>
    Object.keys(ref.params)
      .filter((key) => ref.params[key] !== undefined)
      .sort();
  const aKeys = keys(a);
  const bKeys = keys(b);
  return (
    aKeys.length === bKeys.length &&
    aKeys.every((key, i) => key === bKeys[i] && a.params[key] === b.params[key])
  );
}

function assertShape(ref: SecretRef): void {
  const given = ref as Partial<SecretRef> | null;
  if (typeof given !== 'object' || given === null) {
    throw new SecretsError('CONFIG', 'formatSecretRef takes a SecretRef object');
  }
  if (!(SECRET_REF_SCHEMES as readonly unknown[]).includes(given.scheme)) {
    throw new SecretsError(
      'CONFIG',
      `formatSecretRef: scheme must be one of ${SECRET_REF_SCHEMES.join(', ')}; got ${JSON.stringify(given.scheme)}`,
    );
  }
  if (typeof given.name !== 'string')
    throw new SecretsError('CONFIG', 'formatSecretRef: name must be a string');
  if (typeof given.params !== 'object' || given.params === null) {
    throw new SecretsError('CONFIG', 'formatSecretRef: params must be an object');
  }
  if (given.pointer !== undefined && !Array.isArray(given.pointer)) {
    throw new SecretsError('CONFIG', 'formatSecretRef: pointer must be an array of strings');
  }
}

/**
 * The canonical text of `ref`. CONFIG when `ref` is not one that parseSecretRef could have
 * returned (a name with "?" or "#", a param its scheme does not have, an empty pointer, …).
 */
export function formatSecretRef(ref: SecretRef): string {
  assertShape(ref);
  const { body, query } = SCHEME_RULES[ref.scheme].format(ref);
  const pairs = query.filter((pair): pair is [string, string] => pair[1] !== undefined);
  let text = `${ref.scheme}://${body}`;
  if (pairs.length > 0) {
    text += `?${pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`;
  }
  if (ref.pointer !== undefined) text += `#${formatRefPointer(ref.pointer)}`;
  let parsed: SecretRef;
  try {
    parsed = parseSecretRef(text);
  } catch (error) {
    throw new SecretsError('CONFIG', `formatSecretRef: this SecretRef cannot be written as a ref`, {
      cause: error,
    });
  }
  if (!sameSecretRef(parsed, ref)) {
    throw new SecretsError(
      'CONFIG',
      `formatSecretRef: this SecretRef cannot be written as a ref (${text} reads back differently)`,
    );
  }
  return text;
}
