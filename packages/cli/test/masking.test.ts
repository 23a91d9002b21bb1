// The masking filter as a pure decision: what it writes now, what it holds back, and that values
// split at any byte boundary are still redacted.
import { describe, expect, it } from 'vitest';
import { Masker, MaskSet } from '../src/masking.js';

function maskerOf(...values: string[]): Masker {
  const set = new MaskSet();
  set.add(values);
  return new Masker(set);
}

function feed(masker: Masker, chunks: Array<string | Buffer>): string {
  const out = chunks.map((chunk) => masker.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
  return Buffer.concat([...out, masker.end()]).toString('utf8');
}

/** A seeded generator (mulberry32) so a failing case can be replayed. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Masker', () => {
  it('replaces every occurrence of every value', () => {
    const masker = maskerOf('hunter22', 'sk_live_9f8e');
    expect(feed(masker, ['user=bob pw=hunter22 key=sk_live_9f8e pw again hunter22\n'])).toBe(
      'user=bob pw=[redacted] key=[redacted] pw again [redacted]\n',
    );
  });

  it('redacts a value split at every possible byte boundary', () => {
    const value = 'p4ssw0rd-xyz';
    const text = `before ${value} after`;
    for (let cut = 0; cut <= text.length; cut++) {
      const masker = maskerOf(value);
      expect(feed(masker, [text.slice(0, cut), text.slice(cut)])).toBe('before [redacted] after');
    }
  });

  it('redacts a value written one byte at a time', () => {
    const masker = maskerOf('abcdefgh');
    expect(feed(masker, [...'x abcdefgh y'])).toBe('x [redacted] y');
  });

  it('holds back only a tail that could still become a value, and at most the longest value minus one byte', () => {
    const masker = maskerOf('secretvalue');
    expect(masker.push(Buffer.from('log line sec')).toString()).toBe('log line ');
    expect(masker.held).toBe(3);
    expect(masker.push(Buffer.from('ond thing')).toString()).toBe('second thing');
    expect(masker.held).toBe(0);
    expect(masker.push(Buffer.from('secretvalu')).toString()).toBe('');
    expect(masker.held).toBe(10);
    expect(masker.push(Buffer.from('e!')).toString()).toBe('[redacted]!');
  });

  it('writes text that cannot start a value at once', () => {
    const masker = maskerOf('zzzz1234');
    expect(masker.push(Buffer.from('plain output\n')).toString()).toBe('plain output\n');
    expect(masker.held).toBe(0);
  });

  it('flushes an unfinished prefix unchanged when the stream ends', () => {
    const masker = maskerOf('secretvalue');
    expect(feed(masker, ['the end: secret'])).toBe('the end: secret');
  });

  it('does not mask values shorter than 4 bytes', () => {
    const masker = maskerOf('abc', 'abcd');
    expect(feed(masker, ['abc abcd ab'])).toBe('abc [redacted] ab');
  });

  it('counts bytes, not characters, for the 4-byte minimum', () => {
    const masker = maskerOf('ünï'); // 3 characters, 5 bytes
    expect(feed(masker, ['x ünï y'])).toBe('x [redacted] y');
  });

  it('prefers the longer value when two start at the same place, even while the longer one is incomplete', () => {
    const masker = maskerOf('pass', 'password99');
    expect(masker.push(Buffer.from('a pass')).toString()).toBe('a ');
    expect(feed(masker, ['word99 b'])).toBe('[redacted] b');
    expect(feed(maskerOf('pass', 'password99'), ['a pass b'])).toBe('a [redacted] b');
  });

  it('takes the leftmost occurrence when values overlap', () => {
    expect(feed(maskerOf('abcdef', 'defghi'), ['xxabcdefghixx'])).toBe('xx[redacted]ghixx');
  });

  it('passes every byte value through unchanged when nothing matches', () => {
    const bytes = Buffer.alloc(512);
    for (let i = 0; i < 512; i++) bytes[i] = i % 256;
    const masker = maskerOf('never-in-there');
    const out = Buffer.concat([
      masker.push(bytes.subarray(0, 100)),
      masker.push(bytes.subarray(100)),
      masker.end(),
    ]);
    expect(out.equals(bytes)).toBe(true);
  });

  it('masks values added after the stream started (a restart resolved new ones)', () => {
    const set = new MaskSet();
    set.add(['first-value']);
    const masker = new Masker(set);
    expect(masker.push(Buffer.from('first-value ')).toString()).toBe('[redacted] ');
    set.add(['second-value']);
    expect(feed(masker, ['second-value first-value'])).toBe('[redacted] [redacted]');
  });

  it('chunked output equals unchunked output, and holds no value, for random text and cuts (seeded)', () => {
    const random = seeded(20240611);
    const values = ['tok3n-AAAA', 'tok3n-AAAB', 'xyzw', 'aaaaaaaa', 'ab-ab-ab-ab'];
    const alphabet = 'abxyzwtok3n-AB ';
    for (let round = 0; round < 300; round++) {
      let text = '';
      while (text.length < 120) {
        text +=
          random() < 0.2
            ? values[Math.floor(random() * values.length)]
            : alphabet[Math.floor(random() * alphabet.length)];
      }
      const whole = feed(maskerOf(...values), [text]);
      const chunks: string[] = [];
      for (let at = 0; at < text.length; ) {
        const size = 1 + Math.floor(random() * 12);
        chunks.push(text.slice(at, at + size));
        at += size;
      }
      expect(feed(maskerOf(...values), chunks), `round ${round}`).toBe(whole);
      for (const value of values) expect(whole.includes(value), `round ${round}: ${value}`).toBe(false);
    }
  });
});
