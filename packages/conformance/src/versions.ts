// capabilities.versions: put returns the version id, a new put moves the current version, pinned
// versions and stages read what they name, and getVersion answers what getSecret would.
import type { SecretRequest } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceRun } from './conformance-run.js';
import { expectSecretsError } from './expect-error.js';
import type { ConformanceCapabilities } from './harness.js';
import { unknownVersionLike } from './values.js';

const FIRST = 'first-value';
const SECOND = 'second-value';

export function describeVersions(run: ConformanceRun, capabilities: ConformanceCapabilities): void {
  const test = capabilities.versions ? it : it.skip;
  const stages = capabilities.stages;

  /** Two puts of one name; resolves with both version ids. */
  async function putTwice(): Promise<{ name: string; first: string; second: string }> {
    const first = await run.put('versioned', FIRST);
    const second = await run.put('versioned', SECOND);
    expect(first, 'put must resolve with the version id it wrote').toEqual(expect.any(String));
    expect(second, 'put must resolve with the version id it wrote').toEqual(expect.any(String));
    expect(second, 'two puts must write two versions').not.toBe(first);
    return { name: run.name('versioned'), first: first as string, second: second as string };
  }

  /** getSecret(request) and, when the provider has it, getVersion(request): they must agree. */
  async function bothVersions(request: SecretRequest) {
    const { provider } = run;
    const record = await provider.getSecret(request, run.context());
    const hasGetVersion = provider.getVersion !== undefined;
    const probed = hasGetVersion ? await provider.getVersion?.(request, run.context()) : undefined;
    return { record, probed, hasGetVersion };
  }

  describe('versions (capabilities.versions)', () => {
    test('put returns the version id that getSecret, getVersion and the client report', async () => {
      const version = await run.put('versioned', FIRST);
      expect(version, 'put must resolve with the version id it wrote').toEqual(expect.any(String));
      const name = run.name('versioned');
      const { record, probed, hasGetVersion } = await bothVersions({ name });
      expect(record.version).toBe(version);
      if (hasGetVersion) expect(probed, 'getVersion').toBe(version);
      expect((await run.client.getSecret(name)).version).toBe(version);
    });

    test('after two puts getSecret and getVersion report the second version', async () => {
      const first = await run.put('versioned', FIRST);
      const name = run.name('versioned');
      const before = await bothVersions({ name });
      expect(before.record.version).toBe(first);
      if (before.hasGetVersion) expect(before.probed, 'getVersion after the first put').toBe(first);

      const second = await run.put('versioned', SECOND);
      expect(second, 'two puts must write two versions').not.toBe(first);
      const after = await bothVersions({ name });
      expect(run.text(after.record.value)).toBe(SECOND);
      expect(after.record.version).toBe(second);
      if (after.hasGetVersion) expect(after.probed, 'getVersion after the second put').toBe(second);
      expect((await run.client.getSecret(name)).version).toBe(second);
    });

    test('getSecret pinned to the first version returns the first value', async () => {
      const { name, first } = await putTwice();
      const record = await run.provider.getSecret({ name, version: first }, run.context());
      expect(run.text(record.value)).toBe(FIRST);
      expect(record.version).toBe(first);
      expect(run.text(await run.client.get(name, { version: first }))).toBe(FIRST);
    });

    test('getVersion equals getSecret(request).version when a version is pinned', async (context) => {
      if (run.provider.getVersion === undefined) return context.skip('the provider has no getVersion');
      const { name, first, second } = await putTwice();
      for (const version of [first, second]) {
        const { record, probed } = await bothVersions({ name, version });
        expect(record.version).toBe(version);
        expect(probed, `getVersion({ version: '${version}' })`).toBe(record.version);
      }
    });

    (stages === undefined ? it.skip : test)(
      'getVersion equals getSecret(request).version when a stage is set (capabilities.stages)',
      async (context) => {
        if (stages === undefined) return;
        if (run.provider.getVersion === undefined) return context.skip('the provider has no getVersion');
        const { name, first, second } = await putTwice();
        const expected: Array<[string, string]> = [[stages.current, second]];
        if (stages.previous !== undefined) expected.push([stages.previous, first]);
        for (const [stage, version] of expected) {
          const { record, probed } = await bothVersions({ name, stage });
          expect(record.version, `getSecret({ stage: '${stage}' }).version`).toBe(version);
          expect(probed, `getVersion({ stage: '${stage}' })`).toBe(version);
        }
      },
    );

    test('an unknown pinned version is NOT_FOUND', async () => {
      const { name, first, second } = await putTwice();
      const version = unknownVersionLike(second, [first, second]);
      const request = { name, version };
      await expectSecretsError(
        run.provider.getSecret(request, run.context()),
        'NOT_FOUND',
        `getSecret of unknown version "${version}"`,
      );
      if (run.provider.getVersion !== undefined) {
        await expectSecretsError(
          run.provider.getVersion(request, run.context()),
          'NOT_FOUND',
          `getVersion of unknown version "${version}"`,
        );
      }
      await expectSecretsError(
        run.client.get(name, { version }),
        'NOT_FOUND',
        'client get of an unknown version',
      );
    });
  });
}
