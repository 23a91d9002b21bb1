// Secret identities as events carry them: a full ARN (`…:secret:NAME-AbCdEf`), a partial ARN
// (`…:secret:NAME`, as a caller may pass it) or a plain name, turned into a hint's name and aliases.
import type { ChangeHint } from '@secretkit/core';

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[^:]*:[^:]*:secret:(.+)$/;
/** The six random characters Secrets Manager appends to a secret's name in its ARN. */
const ARN_SUFFIX = /^(.+)-[A-Za-z0-9]{6}$/;

/**
 * The friendly name inside a secret ARN: its resource minus the `-XXXXXX` suffix (a partial ARN has
 * none: its resource is the name). Undefined when `id` is not a Secrets Manager ARN. As AWS itself
 * reads them, a partial ARN whose name ends in a hyphen and six letters or digits reads as full.
 */
export function friendlyNameOf(id: string): string | undefined {
  const resource = SECRET_ARN.exec(id)?.[1];
  if (resource === undefined) return undefined;
  return ARN_SUFFIX.exec(resource)?.[1] ?? resource;
}

/** The hint naming the secret `id`: the ARN as name with its friendly name as alias, or a plain name. */
export function hintFor(id: string, version?: string): ChangeHint {
  const friendly = friendlyNameOf(id);
  return {
    name: id,
    ...(friendly === undefined || friendly === id ? {} : { aliases: [friendly] }),
    ...(version === undefined ? {} : { version }),
  };
}
