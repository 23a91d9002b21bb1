// The pure decisions behind change sources, without timers: the restart backoff, which entries a
// hint re-reads, and which hints are well formed.
import { describe, expect, it } from 'vitest';
import { hintNames, normalizeHint, selectHintTargets } from '../src/change-hints.js';
import { quickFailures, SOURCE_RESTART_MAX_MS, sourceRestartDelay } from '../src/change-sources.js';

describe('sourceRestartDelay', () => {
  it.each([
    [0, 0.5, 1_000],
    [1, 0.5, 2_000],
    [5, 0.5, 32_000],
    [6, 0.5, 60_000],
    [40, 0.5, 60_000],
    [0, 0, 800],
    [0, 0.999_999, 1_200],
    [6, 0, 48_000],
  ])('after %i quick failures with random %d waits %i ms', (failures, draw, expected) => {
    expect(sourceRestartDelay(failures, () => draw)).toBe(expected);
  });

  it.each([Number.NaN, 1, -0.5, Number.POSITIVE_INFINITY])(
    'never waits less than the rule allows when random returns %d',
    (draw) => {
      expect(sourceRestartDelay(0, () => draw)).toBe(800);
    },
  );

  it('treats a throwing random as the low end', () => {
    expect(
      sourceRestartDelay(2, () => {
        throw new Error('broken');
      }),
    ).toBe(3_200);
  });
});

describe('quickFailures', () => {
  it('keeps counting failures that came soon after their start', () => {
    expect(quickFailures(3, SOURCE_RESTART_MAX_MS - 1)).toBe(3);
  });
  it('starts over after a start that ran at least the longest wait', () => {
    expect(quickFailures(3, SOURCE_RESTART_MAX_MS)).toBe(0);
  });
});

describe('normalizeHint', () => {
  it('copies a well-formed hint, dropping empty aliases', () => {
    const aliases = ['db'];
    const hint = normalizeHint({ name: 'arn', aliases, version: '2', extra: true });
    expect(hint).toEqual({ name: 'arn', aliases: ['db'], version: '2' });
    expect(hint?.aliases).not.toBe(aliases);
    expect(normalizeHint({ name: 'db', aliases: [] })).toEqual({ name: 'db' });
    expect(normalizeHint({})).toEqual({});
  });

  it.each([[undefined], [[]], [{ name: null }], [{ version: '' }], [{ aliases: ['a', ''] }]])(
    'refuses %j',
    (hint) => {
      expect(normalizeHint(hint)).toBeUndefined();
    },
  );
});

describe('selectHintTargets', () => {
  const entries = [
    { key: 'db', name: 'db', version: '1' },
    { key: 'db\u00001\u0000', name: 'db', version: '1' },
    { key: 'db\u0000\u0000AWSPREVIOUS', name: 'db', version: '0' },
    { key: 'api', name: 'api', version: '7' },
  ];
  const unwatched = (_name: string): { lastVersion: string | undefined } | undefined => undefined;
  const keys = (hint: Parameters<typeof selectHintTargets>[0], watched = unwatched) =>
    selectHintTargets(hint, entries, watched).map((target) => target.key);

  it('names the unpinned entries of the hint name or its aliases', () => {
    expect(keys({ name: 'arn:db', aliases: ['db'] })).toEqual(['db', 'db\u0000\u0000AWSPREVIOUS']);
  });

  it('skips entries already at the hint version', () => {
    expect(keys({ name: 'db', version: '1' })).toEqual(['db\u0000\u0000AWSPREVIOUS']);
  });

  it('names every unpinned entry for a hint without names', () => {
    expect(keys({})).toEqual(['db', 'db\u0000\u0000AWSPREVIOUS', 'api']);
    expect(hintNames({})).toBeUndefined();
  });

  it('adds a watched name without an entry unless its watch saw the hint version', () => {
    const watched = (name: string) => (name === 'jobs' ? { lastVersion: '3' } : undefined);
    expect(keys({ name: 'x', aliases: ['jobs'] }, watched)).toEqual(['jobs']);
    expect(keys({ name: 'jobs', version: '3' }, watched)).toEqual([]);
    expect(keys({ name: 'jobs', version: '4' }, watched)).toEqual(['jobs']);
  });

  it('gives the request each key stands for', () => {
    expect(selectHintTargets({ name: 'db' }, entries, unwatched).map((target) => target.request)).toEqual([
      { name: 'db' },
      { name: 'db', stage: 'AWSPREVIOUS' },
    ]);
  });
});
