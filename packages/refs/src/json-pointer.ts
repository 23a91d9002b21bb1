// The ref's pointer applied after the cache (DESIGN §8): the value parsed as JSON, else as YAML 1.2
// (as vals does), then walked. A string result is returned as is, anything else as its JSON text.
// Messages say where, never what: no parser message (they quote the input) reaches an error.
// The YAML parser is imported on first use: a JSON value never loads it.
import { type Secret, type SecretRef, SecretsError } from '@secretkit/core';

/** Most YAML aliases expanded in one value (a "billion laughs" value fails instead). */
const MAX_YAML_ALIASES = 100;
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

/** Parsed values by secret: a cached Secret is the same object on every hit, so it is parsed once. */
const parsedBySecret = new WeakMap<Secret, { value: unknown }>();

/** `/a/b` for messages (RFC 6901 escaping). */
export function pointerText(tokens: readonly string[]): string {
  return tokens.map((token) => `/${token.replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function parseError(name: string, detail: string): SecretsError {
  return new SecretsError(
    'PARSE',
    `secret "${name}" is neither JSON nor YAML (${detail}), so a pointer cannot be applied`,
    {
      secretName: name,
    },
  );
}

/** The value of `text` as JSON, else YAML 1.2 (core schema, unique keys, one document). */
async function parseStructured(text: string, name: string): Promise<unknown> {
  try {
    return JSON.parse(text);
  } catch {
    // not JSON: YAML next
  }
  const { parseDocument } = await import('yaml');
  const document = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: true });
  const [first] = document.errors;
  if (first !== undefined) {
    const at = first.linePos?.[0];
    throw parseError(name, `YAML ${first.code}${at ? ` at line ${at.line}, column ${at.col}` : ''}`);
  }
  try {
    return document.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch {
    throw parseError(name, 'YAML with too many aliases');
  }
}

async function parsedValue(secret: Secret): Promise<unknown> {
  let parsed = parsedBySecret.get(secret);
  if (parsed === undefined) {
    parsed = { value: await parseStructured(secret.text(), secret.name) };
    parsedBySecret.set(secret, parsed);
  }
  return parsed.value;
}

function kindOf(node: unknown): string {
  if (node === null) return 'null';
  return typeof node === 'string' ? 'string (plain text is a YAML string)' : typeof node;
}

/**
 * The text `ref` names in `secret`: the whole value as text without a pointer, else the pointed-to
 * value. PARSE when the value is neither JSON nor YAML, NOT_FOUND for a missing key or index,
 * WRONG_TYPE for a step into a scalar.
 */
export async function valueAt(secret: Secret, ref: SecretRef): Promise<string> {
  const { pointer } = ref;
  if (pointer === undefined) return secret.text();
  let node = await parsedValue(secret);
  for (const [index, token] of pointer.entries()) {
    const at = pointerText(pointer.slice(0, index + 1));
    const options = { secretName: secret.name };
    if (Array.isArray(node)) {
      if (!ARRAY_INDEX.test(token) || Number(token) >= node.length) {
        throw new SecretsError('NOT_FOUND', `secret "${secret.name}" has no array index ${at}`, options);
      }
      node = node[Number(token)];
    } else if (typeof node === 'object' && node !== null) {
      if (!Object.hasOwn(node, token)) {
        throw new SecretsError('NOT_FOUND', `secret "${secret.name}" has no key ${at}`, options);
      }
      node = (node as Record<string, unknown>)[token];
    } else {
      throw new SecretsError(
        'WRONG_TYPE',
        `secret "${secret.name}" has a ${kindOf(node)} where ${at} needs an object or array`,
        options,
      );
    }
  }
  return typeof node === 'string' ? node : (JSON.stringify(node) ?? 'null');
}
