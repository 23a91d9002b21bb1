// Vault requests checked before any I/O (DESIGN §5): the kit's checks, then Vault's path and version
// rules, so a name can never reach another path than the one it spells.
import type { SecretRequest } from '@secretkit/core';
import { type AdapterKit, checkRequest } from '@secretkit/core/adapter';

/** Longest name taken: Vault sets no limit, but a path this long is a mistake, not a secret. */
export const MAX_NAME_LENGTH = 1024;

/** Characters a segment may never hold: `?`, `#`, `%`, `\`, whitespace and control characters. */
const FORBIDDEN = /[?#%\\\s\p{Cc}]/u;

/** A KV v2 version: a positive decimal number. */
const VERSION = /^[1-9]\d{0,18}$/;

/** Checks a read's request; returns the name. */
export function assertRequest(kit: AdapterKit, request: unknown): string {
  const { name, version } = checkRequest(kit, request, { maxNameLength: MAX_NAME_LENGTH }) as SecretRequest;
  const segments = assertVaultName(kit, name);
  if (segments.length < 2)
    throw kit.configError(`"${name}" names a mount, not a secret (use "mount/path")`, name);
  if (version !== undefined && !VERSION.test(version)) {
    throw kit.configError('a Vault version is a KV v2 version number such as "3"', name);
  }
  return name;
}

/** The segments of `name`, or CONFIG when it is not a plain `/`-separated path. */
export function assertVaultName(kit: AdapterKit, name: string): string[] {
  if (name.startsWith('/')) throw kit.configError(`"${name}" must not start with "/"`, name);
  if (FORBIDDEN.test(name)) {
    throw kit.configError(
      `"${name}" holds a character Vault paths may not carry here (?, #, %, \\, whitespace or a control character)`,
      name,
    );
  }
  const segments = name.split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..')) {
    throw kit.configError(`"${name}" has an empty, "." or ".." segment`, name);
  }
  return segments;
}
