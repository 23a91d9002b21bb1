// createFaultQueue: opaque faults taken oldest-first by the requests they match, `times` uses each.
import { describe, expect, it } from 'vitest';
import { createFaultQueue } from '../src/index.js';

interface Probe {
  operation: string;
  path: string;
}
const read = (path = 'secret/a'): Probe => ({ operation: 'read', path });
const write = (path = 'secret/a'): Probe => ({ operation: 'write', path });

describe('createFaultQueue()', () => {
  it('fails exactly the next request once by default, then nothing', () => {
    const faults = createFaultQueue<string, Probe>();
    expect(faults.take(read())).toBeUndefined();
    faults.failNext('AccessDenied');
    expect(faults.pending).toBe(1);
    expect([faults.take(read()), faults.take(read())]).toEqual(['AccessDenied', undefined]);
    expect(faults.pending).toBe(0);
  });

  it('uses a fault up over `times` matching requests; requests it does not match pass untouched', () => {
    const faults = createFaultQueue<string, Probe>();
    faults.failNext('Throttled', { times: 2, match: (probe) => probe.operation === 'read' });
    expect(faults.take(write())).toBeUndefined();
    expect(faults.take(read())).toBe('Throttled');
    expect(faults.take(write())).toBeUndefined();
    expect(faults.take(read())).toBe('Throttled');
    expect(faults.take(read())).toBeUndefined();
  });

  it('takes the oldest matching fault first, skipping ones that do not match', () => {
    const faults = createFaultQueue<string, Probe>();
    faults.failNext('OnlyWrites', { match: (probe) => probe.operation === 'write' });
    faults.failNext('First');
    faults.failNext('Second');
    expect([faults.take(read()), faults.take(read()), faults.take(write()), faults.take(write())]).toEqual([
      'First',
      'Second',
      'OnlyWrites',
      undefined,
    ]);
  });

  it('`ahead` queues a fault before the pending ones (a follow-up of the fault being answered)', () => {
    const faults = createFaultQueue<string, Probe>();
    faults.failNext('Queued', { times: 2 });
    faults.failNext('FollowUp', { ahead: true, match: (probe) => probe.path === 'secret/b' });
    expect([
      faults.take(read('secret/a')),
      faults.take(read('secret/b')),
      faults.take(read('secret/b')),
    ]).toEqual(['Queued', 'FollowUp', 'Queued']);
  });

  it('Infinity fails every matching request until clear(); pending counts the failures to come', () => {
    const faults = createFaultQueue<{ status: number }>();
    const sealed = { status: 503 };
    faults.failNext(sealed, { times: Number.POSITIVE_INFINITY });
    faults.failNext({ status: 500 }, { times: 3 });
    expect(faults.pending).toBe(Number.POSITIVE_INFINITY);
    for (let i = 0; i < 5; i++) expect(faults.take({})).toBe(sealed);
    faults.clear();
    expect([faults.pending, faults.take({})]).toEqual([0, undefined]);
  });

  it('refuses a `times` that is not a positive integer, and queues nothing', () => {
    const faults = createFaultQueue<string>();
    for (const times of [0, -1, 1.5, Number.NaN, '2']) {
      expect(() => faults.failNext('X', { times: times as number })).toThrow(
        'failNext: times must be a positive integer (or Infinity)',
      );
    }
    expect(faults.pending).toBe(0);
  });
});
