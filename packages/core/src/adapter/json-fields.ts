// Small readers of untrusted JSON that event parsers share: a plain object's fields, a trimmed
// non-empty string, JSON that may not parse.

/** `value` when it is a plain object (not null, not an array), else undefined. */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `value` trimmed when it is a string with something besides whitespace, else undefined. */
export function nonBlankText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `JSON.parse(text)`, or undefined when `text` is not JSON. */
export function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
