// The leak finder the "no value in any error" checks rely on: it must find a value wherever an
// error can carry it, and nothing where there is none.
import { SecretsError } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import { findValue } from '../src/leak-check.js';
import { unknownVersionLike } from '../src/values.js';

const VALUE = 'hunter2-value';

describe('findValue', () => {
  it('finds nothing in an error that does not hold the value', () => {
    const error = new SecretsError('UNAVAILABLE', 'connection reset', { cause: new Error('ECONNRESET') });
    expect(findValue(error, VALUE)).toEqual([]);
  });

  it('finds the value in a message, with every rendering that shows it', () => {
    expect(findValue(new SecretsError('PARSE', `bad JSON: ${VALUE}`), VALUE)).toEqual([
      'error: message',
      'error: stack',
      'error: String()',
      'error: util.inspect',
      'error: util.inspect (showHidden)',
    ]);
  });

  it('walks the cause chain, AggregateError members and non-Error causes', () => {
    const deep = new SecretsError('UNKNOWN', 'wrapped', {
      cause: new Error('outer', { cause: new AggregateError([new Error('fine'), { body: VALUE }]) }),
    });
    expect(findValue(deep, VALUE)).toContain('error.cause.cause.errors[1]: JSON.stringify');
    expect(findValue(new Error('plain', { cause: VALUE }), VALUE)).toContain('error.cause: String()');
  });

  it('finds a value on a hidden (non-enumerable) property, as an SDK hangs a raw response', () => {
    const error = new SecretsError('ACCESS_DENIED', 'denied');
    Object.defineProperty(error, '$response', { value: { body: VALUE }, enumerable: false });
    expect(findValue(error, VALUE)).toEqual(['error: util.inspect (showHidden)']);
  });

  it('survives a cause cycle and renderings that throw', () => {
    const error = new Error('loop') as Error & { cause?: unknown };
    error.cause = error;
    const hostile = {
      toJSON: () => {
        throw new Error('no');
      },
      toString: () => VALUE,
    };
    expect(findValue(error, VALUE)).toEqual([]);
    expect(findValue(hostile, VALUE)).toEqual(['error: String()']);
  });
});

describe('unknownVersionLike', () => {
  it('moves a decimal counter far ahead', () => {
    expect(unknownVersionLike('2', ['1', '2'])).toBe('1002');
  });

  it('keeps the shape of a UUID or hex id and avoids the ids taken', () => {
    const uuid = 'a1b2c3d4-0000-4fff-8000-00000000000f';
    const other = unknownVersionLike(uuid, [uuid]);
    expect(other).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(other).not.toBe(uuid);
    expect(unknownVersionLike('ABCDEF', ['ABCDEF', 'BCDEF0'])).toBe('CDEF01');
  });
});
