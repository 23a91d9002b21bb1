// The fragment of a ref as a JSON pointer (RFC 6901): "/a/b" is ["a", "b"], "~1" is "/", "~0" is
// "~", and "#key" means "#/key". Pure text work; the walk over a value is @secretkit/refs' job.
import { refError } from './ref-errors.js';

/** The unescaped tokens of `fragment` (the text after `#`); CONFIG when it has none or a bad escape. */
export function parseRefPointer(text: string, fragment: string): readonly string[] {
  if (fragment === '') throw refError(text, 'nothing follows "#": write #/key, or drop the "#"');
  const path = fragment.startsWith('/') ? fragment.slice(1) : fragment;
  return Object.freeze(
    path.split('/').map((token) => {
      if (/~(?![01])/.test(token)) {
        throw refError(text, `the pointer token "${token}" has a "~" that is not "~0" or "~1"`);
      }
      return token.replaceAll('~1', '/').replaceAll('~0', '~');
    }),
  );
}

/** The fragment for `tokens`, without the `#`: "/" before each token, "~" as "~0", "/" as "~1". */
export function formatRefPointer(tokens: readonly string[]): string {
  return tokens.map((token) => `/${token.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}
