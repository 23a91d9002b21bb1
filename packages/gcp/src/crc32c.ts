// CRC32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven: Secret Manager's payload
// checksum, which the official client does not verify (reference/azure-gcp.md §1.2).

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC32C of `bytes` as an unsigned 32-bit integer. crc32c("123456789") = 0xE3069283. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * The wire checksum (an int64: a decimal string over REST and from the gRPC client, maybe a number
 * or a Long) as a uint32, or undefined when absent. A value that is not a uint32 yields NaN, which
 * matches no checksum.
 */
export function checksumFromWire(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = typeof value === 'object' ? String(value.toString()) : String(value);
  if (!/^\d{1,10}$/.test(text)) return Number.NaN;
  const parsed = Number(text);
  return parsed <= 0xffffffff ? parsed : Number.NaN;
}
