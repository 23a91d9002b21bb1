// context.signal: a call whose signal aborted before it started, or synchronously right after it
// started, rejects with ABORTED (DESIGN §2).
import type { ProviderContext, SecretRequest } from '@secretkit/core';
import { describe, it } from 'vitest';
import type { ConformanceRun } from './conformance-run.js';
import { expectSecretsError } from './expect-error.js';
import { TEXT_VALUE } from './values.js';

type Operation = 'getSecret' | 'getVersion';

export function describeAbort(run: ConformanceRun): void {
  /** The operation bound to the provider, or undefined when the provider does not have it. */
  function operation(which: Operation) {
    const { provider } = run;
    if (which === 'getSecret')
      return (request: SecretRequest, context: ProviderContext) => provider.getSecret(request, context);
    const { getVersion } = provider;
    if (getVersion === undefined) return undefined;
    return (request: SecretRequest, context: ProviderContext) => getVersion.call(provider, request, context);
  }

  describe('abort', () => {
    for (const which of ['getSecret', 'getVersion'] as const) {
      it(`${which} rejects with ABORTED when the signal aborted before the call`, async (context) => {
        const call = operation(which);
        if (call === undefined) return context.skip(`the provider has no ${which}`);
        await run.put('abortable', TEXT_VALUE);
        const controller = new AbortController();
        controller.abort();
        await expectSecretsError(
          call({ name: run.name('abortable') }, { signal: controller.signal }),
          'ABORTED',
          `${which} with an aborted signal`,
        );
      });

      it(`${which} rejects with ABORTED when the signal aborts right after the call starts`, async (context) => {
        const call = operation(which);
        if (call === undefined) return context.skip(`the provider has no ${which}`);
        await run.put('abortable', TEXT_VALUE);
        const controller = new AbortController();
        const pending = call({ name: run.name('abortable') }, { signal: controller.signal });
        controller.abort();
        await expectSecretsError(pending, 'ABORTED', `${which} aborted right after it started`);
      });
    }
  });
}
