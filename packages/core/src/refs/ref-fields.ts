// What a scheme's rules read from a ref's body and query, and the checks several schemes share.
import type { SecretsError } from '../errors.js';
import { assertSecretName } from '../secret-name.js';
import { refError } from './ref-errors.js';
import type { SecretRef } from './secret-ref.js';

/** The parts of a SecretRef a scheme decides (scheme and pointer are the parser's). */
export interface RefFields {
  name: string;
  version?: string;
  stage?: string;
  params: Record<string, string>;
}

/** How one scheme reads a body and query, and writes them back canonically. */
export interface SchemeRules {
  /** The query keys the scheme takes (others are CONFIG). */
  readonly queryKeys: readonly string[];
  /** The fields of `body` and the decoded query `pairs`; `text` (the whole ref) is for messages. */
  parse(text: string, body: string, pairs: Map<string, string>): RefFields;
  /** The canonical body and query pairs (in order) of `ref`. */
  format(ref: SecretRef): { body: string; query: Array<[string, string | undefined]> };
}

/** CONFIG naming the ref unless `name` passes core's name checks (non-empty, printable, length). */
export function assertRefName(text: string, name: string): void {
  try {
    assertSecretName(name);
  } catch (error) {
    throw refError(text, (error as SecretsError).message);
  }
}

/** CONFIG unless `value` (of query key or path part `what`) matches `pattern`. */
export function assertPart(text: string, value: string, pattern: RegExp, what: string): void {
  if (!pattern.test(value)) throw refError(text, `${what} "${value}" is not valid`);
}

/** The version from the path or the query (both given is CONFIG); undefined when neither. */
export function oneVersion(
  text: string,
  fromPath: string | undefined,
  fromQuery: string | undefined,
): string | undefined {
  if (fromPath !== undefined && fromQuery !== undefined) {
    throw refError(text, 'the version is given twice (in the path and as ?version=)');
  }
  return fromPath ?? fromQuery;
}

/** `fields` with the optional ones present only when defined (so refs deep-equal by value). */
export function definedFields(fields: {
  name: string;
  version?: string | undefined;
  stage?: string | undefined;
  params: Record<string, string | undefined>;
}): RefFields {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields.params)) if (value !== undefined) params[key] = value;
  return {
    name: fields.name,
    ...(fields.version === undefined ? {} : { version: fields.version }),
    ...(fields.stage === undefined ? {} : { stage: fields.stage }),
    params,
  };
}

/** Non-empty path segments of `body`; CONFIG when one is empty (a leading, trailing or double "/"). */
export function pathSegments(text: string, body: string, what: string): string[] {
  const segments = body.split('/');
  if (segments.some((segment) => segment === '')) {
    throw refError(text, `${what} "${body}" has an empty segment (a leading, trailing or double "/")`);
  }
  return segments;
}
