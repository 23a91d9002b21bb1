// The query string of an agent request: form-decoded (as the AWS agent reads it: `+` is a space,
// so clients percent-encode refs), each key at most once, and only the keys the route knows.
import { SecretsError } from '@secretkit/core';

/** The query's values by key; CONFIG for an unknown or repeated key. */
export function readQuery(url: string, allowed: readonly string[]): Map<string, string> {
  const question = url.indexOf('?');
  const values = new Map<string, string>();
  if (question === -1) return values;
  for (const [key, value] of new URLSearchParams(url.slice(question + 1))) {
    if (!allowed.includes(key)) {
      throw new SecretsError(
        'CONFIG',
        `unknown query parameter "${key.slice(0, 64)}" (expected ${allowed.join(', ')})`,
      );
    }
    if (values.has(key)) throw new SecretsError('CONFIG', `the query parameter "${key}" is given twice`);
    values.set(key, value);
  }
  return values;
}

/** The value of `key`, or CONFIG when it is missing or empty. */
export function required(query: ReadonlyMap<string, string>, key: string): string {
  const value = query.get(key);
  if (value === undefined || value === '') {
    throw new SecretsError('CONFIG', `the query parameter "${key}" is required`);
  }
  return value;
}

/** The path of a request target, without its query. */
export function pathOf(url: string): string {
  const question = url.indexOf('?');
  return question === -1 ? url : url.slice(0, question);
}
