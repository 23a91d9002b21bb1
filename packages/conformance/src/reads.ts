// Reads of text and JSON values through the client and directly, NOT_FOUND for missing and removed
// names, and getVersion agreeing with getSecret.
import { describe, expect, it } from 'vitest';
import type { ConformanceRun } from './conformance-run.js';
import { expectSecretsError } from './expect-error.js';
import { JSON_OBJECT, TEXT_VALUE, textOf } from './values.js';

export function describeReads(run: ConformanceRun): void {
  describe('reads', () => {
    it('client get returns a text value, non-ASCII UTF-8 included', async () => {
      await run.put('text-value', TEXT_VALUE);
      expect(run.text(await run.client.get(run.name('text-value')))).toBe(TEXT_VALUE);
      const secret = await run.client.getSecret(run.name('text-value'));
      expect(run.text(secret.text())).toBe(TEXT_VALUE);
      expect(run.text(secret.bytes()), 'Secret.bytes() as UTF-8').toBe(TEXT_VALUE);
    });

    it('getSecret returns a text value, non-ASCII UTF-8 included, under the requested name', async () => {
      await run.put('text-value', TEXT_VALUE);
      const name = run.name('text-value');
      const record = await run.provider.getSecret({ name }, run.context());
      expect(run.text(record.value)).toBe(TEXT_VALUE);
      expect(record.name).toBe(name);
    });

    it('a JSON value reads through getJson, field and getSecret', async () => {
      await run.put('json-value', JSON.stringify(JSON_OBJECT));
      const name = run.name('json-value');
      await expect(run.client.getJson(name)).resolves.toEqual(JSON_OBJECT);
      await expect(run.client.get(name, { field: 'password' })).resolves.toBe(JSON_OBJECT.password);
      await expect(run.client.get(name, { field: 'port' })).resolves.toBe('5432');
      expect((await run.client.getSecret(name)).json()).toEqual(JSON_OBJECT);
      const record = await run.provider.getSecret({ name }, run.context());
      expect(JSON.parse(textOf(record.value))).toEqual(JSON_OBJECT);
    });

    it('a missing name is NOT_FOUND through the client and from getSecret', async () => {
      const name = run.name('missing');
      await expectSecretsError(run.client.get(name), 'NOT_FOUND', 'client get of a missing name');
      await expectSecretsError(run.client.getSecret(name), 'NOT_FOUND', 'client getSecret of a missing name');
      await expectSecretsError(
        run.provider.getSecret({ name }, run.context()),
        'NOT_FOUND',
        'getSecret of a missing name',
      );
    });

    it('a removed secret is NOT_FOUND through the client and from getSecret', async () => {
      await run.put('removed', TEXT_VALUE);
      const name = run.name('removed');
      expect(run.text(await run.client.get(name))).toBe(TEXT_VALUE);
      await run.harness.remove(name);
      await expectSecretsError(run.client.get(name), 'NOT_FOUND', 'client get after remove');
      await expectSecretsError(
        run.provider.getSecret({ name }, run.context()),
        'NOT_FOUND',
        'getSecret after remove',
      );
    });

    it('getVersion agrees with getSecret(...).version, before and after a second put', async (context) => {
      const { provider } = run;
      if (provider.getVersion === undefined) return context.skip('the provider has no getVersion');
      const name = run.name('probed');
      for (const value of ['first-value', 'second-value']) {
        await run.put('probed', value);
        const record = await provider.getSecret({ name }, run.context());
        expect(run.text(record.value)).toBe(value);
        await expect(provider.getVersion({ name }, run.context()), 'getVersion').resolves.toBe(
          record.version,
        );
      }
    });

    it('getVersion rejects a missing name with NOT_FOUND', async (context) => {
      const { provider } = run;
      if (provider.getVersion === undefined) return context.skip('the provider has no getVersion');
      await expectSecretsError(
        provider.getVersion({ name: run.name('missing') }, run.context()),
        'NOT_FOUND',
        'getVersion of a missing name',
      );
    });
  });
}
