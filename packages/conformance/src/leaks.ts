// No value in any error (DESIGN §3): with a secret whose value is a distinctive marker, provoke
// every kind of error and require the marker in no rendering of the error or its cause chain; a
// Secret prints as "[redacted]".
import { inspect } from 'node:util';
import type { SecretsErrorCode } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceRun } from './conformance-run.js';
import { FAULT_CODES } from './errors.js';
import { assertSecretsError, expectSecretsError, rejectionOf } from './expect-error.js';
import type { ConformanceCapabilities } from './harness.js';
import { expectNoValue } from './leak-check.js';
import { MARKER, unknownVersionLike } from './values.js';

export function describeLeaks(run: ConformanceRun, capabilities: ConformanceCapabilities): void {
  /** Awaits the rejection, checks it is a SecretsError (with `code` when given) and holds no marker. */
  async function expectCleanError(promise: Promise<unknown>, what: string, code?: SecretsErrorCode) {
    const error =
      code === undefined ? await rejectionOf(promise, what) : await expectSecretsError(promise, code, what);
    assertSecretsError(error, what);
    expectNoValue(error, MARKER, what);
  }

  describe('no value in any error', () => {
    it('errors about an existing secret carry no value (abort, unknown version)', async () => {
      const version = await run.put('marked', MARKER);
      const name = run.name('marked');
      const { provider } = run;
      const aborted = () => {
        const controller = new AbortController();
        controller.abort();
        return { signal: controller.signal };
      };
      await expectCleanError(provider.getSecret({ name }, aborted()), 'aborted getSecret');
      if (provider.getVersion !== undefined) {
        await expectCleanError(provider.getVersion({ name }, aborted()), 'aborted getVersion');
      }
      if (capabilities.versions && version !== undefined) {
        const unknown = { name, version: unknownVersionLike(version, [version]) };
        await expectCleanError(provider.getSecret(unknown, run.context()), 'getSecret of an unknown version');
        await expectCleanError(
          run.client.get(name, { version: unknown.version }),
          'client get of an unknown version',
        );
        if (provider.getVersion !== undefined) {
          await expectCleanError(
            provider.getVersion(unknown, run.context()),
            'getVersion of an unknown version',
          );
        }
      }
    });

    it('injected faults carry no value', async (context) => {
      const { harness, provider } = run;
      if (harness.failNext === undefined) return context.skip('the harness has no failNext');
      await run.put('marked', MARKER);
      const name = run.name('marked');
      for (const [code] of FAULT_CODES) {
        await harness.failNext(code);
        await expectCleanError(provider.getSecret({ name }, run.context()), `getSecret failing with ${code}`);
        await harness.failNext(code);
        await expectCleanError(run.client.get(name), `client get failing with ${code}`);
        if (provider.getVersion !== undefined) {
          await harness.failNext(code);
          await expectCleanError(
            provider.getVersion({ name }, run.context()),
            `getVersion failing with ${code}`,
          );
        }
      }
    });

    (capabilities.jsonMaps ? it.skip : it)(
      'PARSE from a value that is not JSON carries no value',
      async () => {
        await run.put('marked-json', `{"password": "${MARKER}"`);
        const name = run.name('marked-json');
        await expectCleanError(run.client.getJson(name), 'client getJson of truncated JSON', 'PARSE');
        const secret = await run.client.getSecret(name);
        await expectCleanError(
          Promise.resolve().then(() => secret.json()),
          'Secret.json() of truncated JSON',
          'PARSE',
        );
      },
    );

    it('a missing field, or a field of a value that is not an object, carries no value', async () => {
      await run.put('marked-object', JSON.stringify({ username: MARKER }));
      await expectCleanError(
        run.client.get(run.name('marked-object'), { field: 'password' }),
        'client get of a missing field',
        'NOT_FOUND',
      );
      if (capabilities.jsonMaps) return; // every value is a JSON object: there is no JSON string
      await run.put('marked-string', JSON.stringify(MARKER));
      await expectCleanError(
        run.client.get(run.name('marked-string'), { field: 'password' }),
        'client get of a field of a JSON string',
        'WRONG_TYPE',
      );
    });

    (capabilities.binary ? it : it.skip)(
      'WRONG_TYPE from bytes that are not UTF-8 carries no value',
      async () => {
        const marked = new TextEncoder().encode(MARKER);
        await run.put('marked-binary', Uint8Array.from([0xff, ...marked, 0xfe]));
        await expectCleanError(
          run.client.get(run.name('marked-binary')),
          'client get of bytes',
          'WRONG_TYPE',
        );
      },
    );

    it('a Secret prints as [redacted] in util.inspect, JSON.stringify and String', async () => {
      await run.put('marked', MARKER);
      const secret = await run.client.getSecret(run.name('marked'));
      expect(run.text(secret.text())).toBe(MARKER);
      expect(inspect(secret)).not.toContain(MARKER);
      expect(inspect(secret, { depth: 10, showHidden: true })).not.toContain(MARKER);
      expect(JSON.stringify(secret)).not.toContain(MARKER);
      expect(JSON.stringify({ secret })).not.toContain(MARKER);
      expect(String(secret)).not.toContain(MARKER);
      expect(`${secret}`).not.toContain(MARKER);
    });
  });
}
