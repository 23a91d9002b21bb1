// createCallLog: typed entries in order, counts by fields or predicate, one live array cleared in place.
import { describe, expect, it } from 'vitest';
import { createCallLog } from '../src/index.js';

interface Call {
  operation: 'read' | 'write';
  name?: string;
  status: number;
}

describe('createCallLog()', () => {
  it('records entries in order and counts them by fields (all given fields must be equal) or a predicate', () => {
    const calls = createCallLog<Call>();
    calls.record({ operation: 'read', name: 'a', status: 200 });
    calls.record({ operation: 'read', name: 'b', status: 404 });
    calls.record({ operation: 'write', name: 'a', status: 200 });
    calls.record({ operation: 'read', status: 200 });
    expect(calls.log.map((call) => call.name)).toEqual(['a', 'b', 'a', undefined]);
    expect(calls.count()).toBe(4);
    expect(calls.count({ operation: 'read' })).toBe(3);
    expect(calls.count({ operation: 'read', status: 200 })).toBe(2);
    expect(calls.count({ name: undefined })).toBe(1);
    expect(calls.count({ operation: 'write', status: 404 })).toBe(0);
    expect(calls.count((call) => call.status >= 400)).toBe(1);
  });

  it('keeps frozen copies: changing the recorded object or the returned entry changes nothing', () => {
    const calls = createCallLog<Call>();
    const given: Call = { operation: 'read', name: 'a', status: 200 };
    const recorded = calls.record(given);
    given.status = 500;
    expect(calls.log).toEqual([{ operation: 'read', name: 'a', status: 200 }]);
    expect(Object.isFrozen(recorded)).toBe(true);
    expect(() => {
      (recorded as Call).status = 503;
    }).toThrow(TypeError);
  });

  it('clear() empties the same live array that `log` returned', () => {
    const calls = createCallLog<Call>();
    const log = calls.log;
    calls.record({ operation: 'read', status: 200 });
    expect(log).toHaveLength(1);
    calls.clear();
    expect([log.length, calls.count(), calls.log === log]).toEqual([0, 0, true]);
    calls.record({ operation: 'write', status: 200 });
    expect(log).toEqual([{ operation: 'write', status: 200 }]);
  });
});
