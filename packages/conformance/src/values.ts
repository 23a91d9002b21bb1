// The values the checks write, and small pure helpers to compare what comes back.

/** Text with non-ASCII UTF-8: accents, CJK, an astral-plane emoji. */
export const TEXT_VALUE = 'pässwörd – 秘密 🔑';

/** A JSON object value, as an application stores database credentials. */
export const JSON_OBJECT = { username: 'app', password: 'pässwörd-🔑', port: 5432 };

/** Bytes that are not valid UTF-8 (a lone 0xff, a NUL, a bare continuation byte, a bad sequence). */
export const NOT_UTF8_BYTES: readonly number[] = [0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28];

/** A value no test writes otherwise, so finding it in an error is proof of a leak. */
export const MARKER = 'conformance-marker-7f3a9c1e-do-not-print';

/**
 * A text value as a provider of JSON maps stores it (`capabilities.jsonMaps`): the JSON text of an
 * object stays as is, any other text becomes `{"value": text}`.
 */
export function asJsonMap(text: string): string {
  return isJsonObjectText(text) ? text : JSON.stringify({ value: text });
}

/** The text `asJsonMap` stored: the `value` of a map holding only that string key, else `text` as is. */
export function fromJsonMap(text: string): string {
  if (!isJsonObjectText(text)) return text;
  const map = JSON.parse(text) as Record<string, unknown>;
  const keys = Object.keys(map);
  return keys.length === 1 && keys[0] === 'value' && typeof map.value === 'string' ? map.value : text;
}

function isJsonObjectText(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** `NOT_UTF8_BYTES` as a fresh array. */
export function notUtf8Bytes(): Uint8Array {
  return Uint8Array.from(NOT_UTF8_BYTES);
}

/** The value of a record as text, whichever form the provider returned it in. */
export function textOf(value: string | Uint8Array): string {
  return typeof value === 'string' ? value : new TextDecoder('utf-8', { fatal: true }).decode(value);
}

/** The value of a record as bytes (text encoded as UTF-8). */
export function bytesOf(value: string | Uint8Array): number[] {
  return Array.from(typeof value === 'string' ? new TextEncoder().encode(value) : value);
}

/**
 * A version id of the same shape as `known` that is none of `taken`: a decimal counter moves far
 * ahead, anything else has each hex digit shifted (UUIDs, Azure's 32-hex ids stay well-formed).
 */
export function unknownVersionLike(known: string, taken: readonly string[]): string {
  let candidate = known;
  for (let attempt = 1; attempt <= 16; attempt += 1) {
    candidate = /^\d+$/.test(known)
      ? String(BigInt(known) + 1000n * BigInt(attempt))
      : known.replace(/[0-9a-f]/gi, (digit) => shiftHexDigit(digit, attempt));
    if (candidate !== known && !taken.includes(candidate)) return candidate;
  }
  return `${known}-unknown`;
}

function shiftHexDigit(digit: string, by: number): string {
  const shifted = ((Number.parseInt(digit, 16) + by) % 16).toString(16);
  return digit === digit.toUpperCase() ? shifted.toUpperCase() : shifted;
}
