// CONFIG errors about a ref. The message names the ref and the problem (refs are not secret
// values), but shows the value of no query key that is not known to be harmless: a ref that
// wrongly carries `?token=…` must not put the token into an error.
import { SecretsError } from '../errors.js';

/** Query keys whose values are shown in messages: names of versions, stages, places. */
const SHOWN_QUERY_KEYS: ReadonlySet<string> = new Set([
  'version',
  'version_id',
  'stage',
  'version_stage',
  'region',
  'namespace',
]);

export const HIDDEN_VALUE = '[redacted]';

/** `part` of a query with its value hidden unless its key is a shown one; `bare` hides "="-less parts too. */
function hideValue(part: string, bare: boolean): string {
  if (part === '?' || part === '&' || part === '') return part;
  const equals = part.indexOf('=');
  if (equals === -1) return bare ? HIDDEN_VALUE : part;
  const key = part.slice(0, equals);
  return SHOWN_QUERY_KEYS.has(key) ? part : `${key}=${HIDDEN_VALUE}`;
}

/**
 * `text` as messages show it, quoted: after the first `?`, the value of every `key=value` whose key
 * is not a shown one is hidden, and so is every query part without "=" (it may be a bare token);
 * the pointer after "#" is shown, but for any `key=value` in it.
 */
export function describeRef(text: string): string {
  const question = text.indexOf('?');
  if (question === -1) return JSON.stringify(text);
  const after = text.slice(question + 1);
  const hash = after.indexOf('#');
  const query = hash === -1 ? after : after.slice(0, hash);
  const fragment = hash === -1 ? '' : after.slice(hash);
  const hide = (part: string, bare: boolean) =>
    part
      .split(/([?&])/)
      .map((piece) => hideValue(piece, bare))
      .join('');
  return JSON.stringify(`${text.slice(0, question + 1)}${hide(query, true)}${hide(fragment, false)}`);
}

/** CONFIG: `problem` with the ref `text` (as describeRef shows it). */
export function refError(text: string, problem: string): SecretsError {
  return new SecretsError('CONFIG', `secret ref ${describeRef(text)}: ${problem}`);
}
