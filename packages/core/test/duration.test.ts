// parseDuration (DESIGN §4): milliseconds, or '250ms' | '30s' | '5m' | '1h' | '1d'; anything else is CONFIG.
import { describe, expect, it } from 'vitest';
import { MAX_DURATION_MS } from '../src/duration.js';
import { parseDuration } from '../src/index.js';
import { expectThrow } from './expect-error.js';

describe('parseDuration', () => {
  it.each([
    [0, 0],
    [250, 250],
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1.5s', 1_500],
    ['0ms', 0],
    [1.4, 1],
    [1.6, 2],
  ])('parses %j as %d ms', (input, expected) => {
    expect(parseDuration(input, 'ttl')).toBe(expected);
  });

  it.each([
    ['5 minutes'],
    ['1w'],
    [''],
    ['10'],
    ['-1s'],
    ['s'],
    ['1.s'],
    ['1e3ms'],
    [-1],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [{}],
    [[]],
    [null],
    [undefined],
    [true],
  ])('rejects %j with CONFIG naming the option', (input) => {
    const error = expectThrow(() => parseDuration(input, 'cache.ttl'), 'CONFIG');
    expect(error.message).toContain('cache.ttl');
  });

  it('accepts the longest delay a timer can hold and rejects one millisecond more', () => {
    expect(parseDuration(MAX_DURATION_MS, 'timeout')).toBe(2_147_483_647);
    expectThrow(() => parseDuration(MAX_DURATION_MS + 1, 'timeout'), 'CONFIG');
    expectThrow(() => parseDuration('25d', 'timeout'), 'CONFIG');
  });
});
