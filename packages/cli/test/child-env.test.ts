// The child's environment as a plan: precedence, --pristine, SECRETKIT_*, and which values are refs.
import { describe, expect, it } from 'vitest';
import { childEnvOf, namesWithNul, planChildEnv } from '../src/child-env.js';

const inherited = {
  PATH: '/bin',
  HOME: '/home/app',
  LANG: 'C',
  FROM_ENV: 'file:///run/a',
  SECRETKIT_VAULT_ROLE: 'app',
  SECRETKIT_OTHER: 'file:///run/b',
  OVERRIDDEN: 'inherited',
};

/** The named variables as --env flags give them, in order. */
const envFlags = (named: Record<string, string>) =>
  Object.entries(named).map(([name, value]) => ({ name, value, origin: '--env' }));

describe('planChildEnv', () => {
  it('resolves inherited refs, drops SECRETKIT_*, and lets later named variables win', () => {
    const plan = planChildEnv({
      inherited,
      named: [
        { name: 'OVERRIDDEN', value: 'from-config', origin: 'config' },
        { name: 'DB', value: 'vault://secret/db#/pw', origin: 'file:1' },
        { name: 'OVERRIDDEN', value: 'from-flag', origin: '--env' },
      ],
      pristine: false,
    });
    expect(plan.refs).toEqual(['file:///run/a', 'vault://secret/db#/pw']);
    const env = childEnvOf(
      plan,
      new Map([
        ['file:///run/a', 'A'],
        ['vault://secret/db#/pw', 'PW'],
      ]),
    );
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/home/app',
      LANG: 'C',
      FROM_ENV: 'A',
      OVERRIDDEN: 'from-flag',
      DB: 'PW',
    });
  });

  it('--pristine keeps only PATH, HOME and the named variables', () => {
    const plan = planChildEnv({
      inherited,
      named: envFlags({ ONLY: 'x' }),
      pristine: true,
    });
    expect(childEnvOf(plan, new Map())).toEqual({ PATH: '/bin', HOME: '/home/app', ONLY: 'x' });
    expect(plan.refs).toEqual([]);
  });

  it('one ref used by two variables is resolved once', () => {
    const plan = planChildEnv({
      inherited: {},
      named: envFlags({ A: 'file:///x', B: 'file:///x' }),
      pristine: true,
    });
    expect(plan.refs).toEqual(['file:///x']);
  });

  it('is CONFIG for a named SECRETKIT_* variable (it could never reach the child)', () => {
    expect(() =>
      planChildEnv({
        inherited: {},
        named: envFlags({ SECRETKIT_TOKEN: 'x' }),
        pristine: false,
      }),
    ).toThrow(
      expect.objectContaining({ code: 'CONFIG', message: expect.stringContaining('SECRETKIT_TOKEN') }),
    );
  });

  it('finds values no environment can carry (NUL), by name only', () => {
    const plan = planChildEnv({
      inherited: {},
      named: envFlags({ BIN: 'file:///bin', OK: 'file:///ok' }),
      pristine: true,
    });
    const values = new Map([
      ['file:///bin', 'a\0b'],
      ['file:///ok', 'fine'],
    ]);
    expect(namesWithNul(plan, values)).toEqual(['BIN']);
  });
});
