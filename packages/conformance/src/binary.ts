// capabilities.binary: bytes that are not valid UTF-8 come back exactly, and are not text.
import { describe, expect, it } from 'vitest';
import type { ConformanceRun } from './conformance-run.js';
import { expectSecretsError } from './expect-error.js';
import type { ConformanceCapabilities } from './harness.js';
import { bytesOf, NOT_UTF8_BYTES, notUtf8Bytes } from './values.js';

export function describeBinary(run: ConformanceRun, capabilities: ConformanceCapabilities): void {
  const test = capabilities.binary ? it : it.skip;
  describe('binary values (capabilities.binary)', () => {
    test('getSecret returns bytes that are not valid UTF-8 exactly', async () => {
      await run.put('binary-value', notUtf8Bytes());
      const record = await run.provider.getSecret({ name: run.name('binary-value') }, run.context());
      expect(record.value, 'a binary value must come back as a Uint8Array').toBeInstanceOf(Uint8Array);
      expect(bytesOf(record.value)).toEqual(NOT_UTF8_BYTES);
    });

    test('client getBinary returns bytes that are not valid UTF-8 exactly', async () => {
      await run.put('binary-value', notUtf8Bytes());
      const bytes = await run.client.getBinary(run.name('binary-value'));
      expect(Array.from(bytes)).toEqual(NOT_UTF8_BYTES);
    });

    test('client get of bytes that are not valid UTF-8 is WRONG_TYPE', async () => {
      await run.put('binary-value', notUtf8Bytes());
      await expectSecretsError(run.client.get(run.name('binary-value')), 'WRONG_TYPE', 'client get of bytes');
    });
  });
}
