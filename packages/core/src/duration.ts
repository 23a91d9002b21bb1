// Durations as users write them: milliseconds, or '250ms' | '30s' | '5m' | '1h' | '1d'.
import { SecretsError } from './errors.js';

export type Duration = number | `${number}${DurationUnit}`;
export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';

const UNIT_MS: Record<DurationUnit, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
/** The longest delay a Node timer can hold (about 24.8 days); longer durations are a CONFIG error. */
export const MAX_DURATION_MS = 2_147_483_647;

/**
 * Parses a duration to whole milliseconds. `what` names the option in the CONFIG error.
 * Fractions round to the nearest millisecond; negative, non-finite and over-long values, and strings
 * with any other character (whitespace included), are rejected.
 */
export function parseDuration(value: unknown, what: string): number {
  let ms: number;
  if (typeof value === 'number') {
    ms = value;
  } else if (typeof value === 'string') {
    const match = DURATION_PATTERN.exec(value); // no trimming: ' 5m' is a typo, not a duration
    if (!match) {
      throw new SecretsError(
        'CONFIG',
        `${what} must be milliseconds or a string like '250ms', '30s', '5m', '1h', '1d'; got ${describe(value)}`,
      );
    }
    ms = Number(match[1]) * UNIT_MS[match[2] as DurationUnit];
  } else {
    throw new SecretsError(
      'CONFIG',
      `${what} must be a duration (number of ms or '30s'); got ${describe(value)}`,
    );
  }
  if (!Number.isFinite(ms) || ms < 0) {
    throw new SecretsError(
      'CONFIG',
      `${what} must be a finite, non-negative duration; got ${describe(value)}`,
    );
  }
  const rounded = Math.round(ms);
  if (rounded > MAX_DURATION_MS) {
    throw new SecretsError('CONFIG', `${what} must be at most ${MAX_DURATION_MS} ms (about 24 days)`);
  }
  return rounded;
}

/** A short, safe description of a bad option value for error messages (options hold no secrets). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}
