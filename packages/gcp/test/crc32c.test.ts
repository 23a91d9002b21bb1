// CRC32C (Castagnoli) against published vectors, and the wire checksum parser.
import { describe, expect, it } from 'vitest';
import { checksumFromWire, crc32c } from '../src/crc32c.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('crc32c', () => {
  it.each([
    ['123456789', 0xe3069283], // the standard check value (RFC 3720 / iSCSI)
    ['', 0],
    ['a', 0xc1d04330],
  ])('crc32c(%j) = %d', (text, expected) => {
    expect(crc32c(bytes(text))).toBe(expected);
  });

  it('32 zero bytes and 32 0xff bytes (RFC 3720 B.4)', () => {
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
  });

  it.each([
    [undefined, undefined],
    [null, undefined],
    ['', undefined],
    ['3808858755', 3808858755],
    [3808858755, 3808858755],
    [{ toString: () => '42' }, 42], // a Long
    ['4294967296', Number.NaN], // more than 32 bits
    ['-1', Number.NaN],
    ['12ab', Number.NaN],
  ])('checksumFromWire(%j) = %d', (wire, expected) => {
    expect(checksumFromWire(wire)).toBe(expected);
  });
});
