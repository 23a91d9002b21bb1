// Retry-After, parsed once for every adapter: delta-seconds or an HTTP date (RFC 9110 §10.2.3).

/** Largest wait we accept from a server (a day): anything longer is a broken header, not advice. */
const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * Milliseconds to wait from a Retry-After header value (`'120'`, `'1.5'`, or an HTTP date), or
 * undefined when the value is missing or not one of those forms. Negative, non-finite and absurd
 * values are ignored, so a hostile header can never make a wait of zero or of weeks.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value === 'number') return fromSeconds(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return fromSeconds(Number(text));
  if (!/[A-Za-z]/.test(text)) return undefined; // an HTTP date names its month and weekday
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), MAX_RETRY_AFTER_MS);
}

function fromSeconds(seconds: number): number | undefined {
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.min(Math.round(seconds * 1000), MAX_RETRY_AFTER_MS);
}
