// client(): the escape hatch every provider has (DESIGN §13). The memory provider has no SDK: it is
// its own client, so client() resolves to the provider and its native helpers.
import { describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../src/index.js';

const context = () => ({ signal: new AbortController().signal });

describe('client()', () => {
  it('resolves to the provider itself, whose native helpers write what reads return', async () => {
    const provider = createMemoryProvider();
    const client = await provider.client();
    expect(client).toBe(provider);
    expect(client.set('app/db', 'value-1')).toBe('1');
    expect(await provider.getSecret({ name: 'app/db' }, context())).toMatchObject({
      name: 'app/db',
      value: 'value-1',
      version: '1',
    });
  });

  it('is not an SPI call: neither logged nor failed by fault injection', async () => {
    const provider = createMemoryProvider();
    provider.failNext('UNAVAILABLE');
    expect(await provider.client()).toBe(provider);
    expect(provider.callCount()).toBe(0);
    await expect(provider.getSecret({ name: 'missing' }, context())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });

  it('still resolves after close(), while SPI calls reject with CLOSED', async () => {
    const provider = createMemoryProvider({ secrets: { a: 'x' } });
    await provider.close();
    expect(await provider.client()).toBe(provider);
    await expect(provider.getSecret({ name: 'a' }, context())).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
