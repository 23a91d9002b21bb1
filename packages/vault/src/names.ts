// Vault names (DESIGN §5): full logical paths, mount first, checked before any request so a name
// can never reach another path than the one it spells (URL parsing would turn `%2e%2e` or `\` into one).
import { SecretsError } from '@secretkit/core';
import { PROVIDER_NAME } from './error-mapping.js';

/** Characters a segment may never hold: `?`, `#`, `%`, `\`, whitespace and control characters. */
const FORBIDDEN = /[?#%\\\s\p{Cc}]/u;

/** The segments of `name`, or CONFIG when it is not a plain `/`-separated path. */
export function assertVaultName(name: unknown): string[] {
  if (typeof name !== 'string' || name.length === 0) {
    throw configError('a Vault secret name must be a non-empty path such as "secret/app/db"');
  }
  if (name.startsWith('/')) throw configError(`"${shown(name)}" must not start with "/"`, name);
  if (FORBIDDEN.test(name)) {
    throw configError(
      `"${shown(name)}" holds a character Vault paths may not carry here (?, #, %, \\, whitespace or a control character)`,
      name,
    );
  }
  const segments = name.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw configError(`"${shown(name)}" has an empty, "." or ".." segment`, name);
    }
  }
  return segments;
}

/** A name safe to print: control characters escaped. */
function shown(name: string): string {
  return name.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function configError(message: string, name?: string): SecretsError {
  return new SecretsError('CONFIG', message, {
    provider: PROVIDER_NAME,
    ...(name === undefined ? {} : { secretName: name }),
  });
}
