// client(): the escape hatch every provider has (DESIGN §13). The file provider's "SDK" is
// node:fs/promises: client() resolves to that module, before and after close().
import * as fsPromises from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFileProvider } from '../src/index.js';

describe('client()', () => {
  it('resolves to the node:fs/promises module the provider reads through', async () => {
    const provider = createFileProvider();
    const fs = await provider.client();
    expect(fs).toBe(fsPromises);
    expect(await fs.readFile(fileURLToPath(import.meta.url), 'utf8')).toContain('escape hatch');
  });

  it('still resolves after close(), while reads reject with CLOSED', async () => {
    const provider = createFileProvider();
    await provider.close();
    expect(await provider.client()).toBe(fsPromises);
    await expect(
      provider.getSecret({ name: fileURLToPath(import.meta.url) }, { signal: new AbortController().signal }),
    ).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
