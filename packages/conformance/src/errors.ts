// Error codes: every error is a SecretsError with a known code, and injected native failures
// surface as their own code, for existing and missing names alike, never as NOT_FOUND.
import type { SecretsErrorCode } from '@secretkit/core';
import { describe, expect, it, type TestContext } from 'vitest';
import type { ConformanceRun } from './conformance-run.js';
import { assertSecretsError, expectSecretsError, rejectionOf } from './expect-error.js';
import type { ConformanceCapabilities } from './harness.js';
import { TEXT_VALUE } from './values.js';

/** The codes every harness's failNext must support, with the retryable flag each must carry. */
export const FAULT_CODES: ReadonlyArray<readonly [SecretsErrorCode, boolean]> = [
  ['ACCESS_DENIED', false],
  ['UNAUTHENTICATED', false],
  ['UNAVAILABLE', true],
];

export function describeErrors(run: ConformanceRun, capabilities: ConformanceCapabilities): void {
  /**
   * Checks one injected fault: arms harness.failNext(code), then `read` must fail with that code
   * and its retryable flag. Skips the running test when the harness has no failNext.
   */
  function faultCheckerOrSkip(
    context: TestContext,
    code: SecretsErrorCode,
    retryable: boolean,
  ): (read: () => Promise<unknown>, what: string) => Promise<void> {
    const { harness } = run;
    if (harness.failNext === undefined) return context.skip('the harness has no failNext');
    return async (read, what) => {
      await harness.failNext?.(code);
      const error = await expectSecretsError(read(), code, what);
      expect(error.retryable, `${code} must have retryable: ${retryable}`).toBe(retryable);
    };
  }

  /** The two reads of `name` a fault is injected before: the provider's getSecret, the client's get. */
  function readsOf(name: string) {
    return {
      getSecret: () => run.provider.getSecret({ name }, run.context()),
      clientGet: () => run.client.get(name),
    };
  }

  describe('errors', () => {
    it('every error is a SecretsError with a code from SECRETS_ERROR_CODES', async () => {
      await run.put('not-json', 'plain text, not JSON');
      const missing = run.name('missing');
      const { provider, client } = run;
      const provoked: Array<[string, () => Promise<unknown>]> = [
        ['getSecret of a missing name', () => provider.getSecret({ name: missing }, run.context())],
        ['client get of a missing name', () => client.get(missing)],
      ];
      if (capabilities.jsonMaps) {
        // every value is a JSON object: no PARSE to provoke, but a missing field
        provoked.push([
          'client get of a missing field',
          () => client.get(run.name('not-json'), { field: 'a' }),
        ]);
      } else {
        provoked.push(
          ['client getJson of a value that is not JSON', () => client.getJson(run.name('not-json'))],
          [
            'client get of a field of a value that is not JSON',
            () => client.get(run.name('not-json'), { field: 'a' }),
          ],
        );
      }
      const { getVersion } = provider;
      if (getVersion !== undefined) {
        provoked.push([
          'getVersion of a missing name',
          () => getVersion.call(provider, { name: missing }, run.context()),
        ]);
      }
      for (const [what, provoke] of provoked) assertSecretsError(await rejectionOf(provoke(), what), what);
    });

    for (const [code, retryable] of FAULT_CODES) {
      it(`failNext('${code}') fails exactly the next call for an existing name with ${code}`, async (context) => {
        const expectFaultedOnce = faultCheckerOrSkip(context, code, retryable);
        await run.put('existing', TEXT_VALUE);
        const name = run.name('existing');
        const { getSecret, clientGet } = readsOf(name);

        await expectFaultedOnce(getSecret, 'getSecret');
        await expect(getSecret(), 'the call after the fault').resolves.toEqual(
          expect.objectContaining({ name }),
        );

        await expectFaultedOnce(clientGet, 'client get');
        expect(run.text(await clientGet()), 'the client call after the fault').toBe(TEXT_VALUE);
      });

      it(`failNext('${code}') fails exactly the next call for a missing name with ${code}, never NOT_FOUND`, async (context) => {
        const expectFaultedOnce = faultCheckerOrSkip(context, code, retryable);
        const { getSecret, clientGet } = readsOf(run.name('missing'));

        await expectFaultedOnce(getSecret, 'getSecret');
        await expectSecretsError(getSecret(), 'NOT_FOUND', 'the call after');

        await expectFaultedOnce(clientGet, 'client get');
        await expectSecretsError(clientGet(), 'NOT_FOUND', 'the client call after the fault');
      });
    }
  });
}
