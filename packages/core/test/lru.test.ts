// The bounded LRU under the cache: recency, eviction order, and the removal callback.
import { describe, expect, it } from 'vitest';
import { Lru } from '../src/lru.js';

describe('Lru', () => {
  it('evicts the least recently used; get refreshes recency, peek does not', () => {
    const removed: Array<[string, boolean]> = [];
    const lru = new Lru<string, string>(2, (value, evicted) => removed.push([value, evicted]));
    lru.set('a', 'A');
    lru.set('b', 'B');
    expect(lru.get('a')).toBe('A'); // a is now the most recent
    lru.set('c', 'C'); // evicts b
    expect([...lru.entries()].map(([key]) => key)).toEqual(['a', 'c']);
    expect(removed).toEqual([['B', true]]);
    expect(lru.peek('a')).toBe('A'); // no recency change
    lru.set('d', 'D'); // evicts a, the least recent despite the peek
    expect(lru.peek('a')).toBeUndefined();
    expect(removed).toEqual([
      ['B', true],
      ['A', true],
    ]);
  });

  it('reports a replaced, a deleted and a cleared value as removed, not evicted', () => {
    const removed: Array<[string, boolean]> = [];
    const lru = new Lru<string, string>(10, (value, evicted) => removed.push([value, evicted]));
    lru.set('a', 'A1');
    lru.set('a', 'A2');
    lru.set('a', 'A2'); // the same value again: nothing left
    lru.set('b', 'B');
    lru.delete('b');
    lru.delete('missing');
    lru.set('c', 'C');
    lru.clear();
    expect(removed).toEqual([
      ['A1', false],
      ['B', false],
      ['A2', false],
      ['C', false],
    ]);
    expect(lru.size).toBe(0);
  });

  it('keeps the order right when hits on the newest entry skip the move', () => {
    const lru = new Lru<string, string>(2);
    lru.set('a', 'A');
    lru.set('b', 'B');
    lru.get('b'); // already the newest
    lru.get('a'); // a becomes the newest
    lru.get('a');
    lru.set('c', 'C'); // evicts b, the least recent
    expect([...lru.entries()].map(([key]) => key)).toEqual(['a', 'c']);
    lru.delete('c'); // the newest leaves
    lru.get('a');
    lru.set('d', 'D');
    lru.set('e', 'E'); // evicts a
    expect([...lru.entries()].map(([key]) => key)).toEqual(['d', 'e']);
  });
});
