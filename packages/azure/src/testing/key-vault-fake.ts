// createKeyVaultFake: a wire-level fake of the Key Vault secrets data plane, on the fake kit: msw
// in-process (always `onUnhandledFrame: 'error'`, a recording catch-all last) or a real loopback
// socket for other processes, with native state changes, fault injection and a call log.
import { createCallLog, createFakeServer } from '@secretkit/fake-kit';
import {
  createFakeFaults,
  type FailNextOptions,
  injectedError,
  type NextOptions,
  queueOptions,
  type RawAnswer,
} from './fake-faults.js';
import { keyVaultHandler } from './fake-handlers.js';
import { currentVersion, type FakeSecret, FakeSecretStore, unixSeconds } from './fake-store.js';
import type { KeyVaultFake, KeyVaultFakeCall, KeyVaultFakeOptions, PutOptions } from './fake-types.js';

export function createKeyVaultFake(options: KeyVaultFakeOptions = {}): KeyVaultFake {
  const vaultUrl = new URL(options.vaultUrl ?? 'https://myvault.vault.azure.net').origin;
  const clock = options.clock ?? { now: () => Date.now() };
  const now = () => unixSeconds(new Date(clock.now()));
  const store = new FakeSecretStore();
  const faults = createFakeFaults();
  const calls = createCallLog<KeyVaultFakeCall>();
  let challenges = 0;
  const handler = keyVaultHandler({
    store,
    vaultUrl,
    listPageSize: options.listPageSize ?? 25,
    now,
    tenantId: options.tenantId ?? '00000000-0000-0000-0000-000000000000',
    faults,
    calls,
    challenged: () => {
      challenges++;
    },
  });
  const host = createFakeServer([handler], options.onUnhandled ? { onUnhandled: options.onUnhandled } : {});

  function existing(name: string): FakeSecret {
    const secret = store.find(name);
    if (!secret) throw new Error(`the fake holds no secret "${name}"`);
    return secret;
  }

  return {
    handlers: host.handlers,
    vaultUrl,
    listen: () => host.listen(),
    listenOnSocket: (socketOptions = {}) => host.listenOnSocket({ origin: vaultUrl, ...socketOptions }),
    close: () => host.close(),
    reset() {
      store.clear();
      faults.clear();
      calls.clear();
      host.reset();
      challenges = 0;
    },
    put(name, value, putOptions: PutOptions = {}) {
      const at = now();
      const secret = store.find(name);
      if (secret) delete secret.deletedDate;
      return store.addVersion(name, {
        value,
        attributes: {
          enabled: putOptions.enabled ?? true,
          ...(putOptions.notBefore === undefined ? {} : { nbf: unixSeconds(putOptions.notBefore) }),
          ...(putOptions.expiresOn === undefined ? {} : { exp: unixSeconds(putOptions.expiresOn) }),
          created: at,
          updated: at,
        },
        ...(putOptions.contentType === undefined ? {} : { contentType: putOptions.contentType }),
        ...(putOptions.tags === undefined ? {} : { tags: { ...putOptions.tags } }),
      }).id;
    },
    setEnabled(name, enabled, version) {
      const secret = existing(name);
      const target =
        version === undefined ? currentVersion(secret) : secret.versions.find((v) => v.id === version);
      if (!target) throw new Error(`the fake holds no version "${version}" of "${name}"`);
      target.attributes.enabled = enabled;
      target.attributes.updated = now();
    },
    softDelete(name) {
      existing(name).deletedDate = now();
    },
    recover(name) {
      delete existing(name).deletedDate;
    },
    remove: (name) => store.purge(name),
    versionsOf: (name) => existing(name).versions.map((version) => version.id),
    isDeleted: (name) => store.find(name)?.deletedDate !== undefined,
    failNext(status, code, failOptions: FailNextOptions = {}) {
      const error = injectedError(status, code, failOptions);
      faults.answers.failNext({ kind: 'error', error }, queueOptions(failOptions));
    },
    answerNext(answer: RawAnswer, nextOptions?: NextOptions) {
      if (typeof answer?.body !== 'string') throw new TypeError('answerNext: the answer needs a string body');
      faults.answers.failNext({ kind: 'raw', answer }, queueOptions(nextOptions));
    },
    delayNext(ms, nextOptions?: NextOptions) {
      if (!Number.isFinite(ms) || ms < 0) throw new TypeError('delayNext: ms must be a finite number ≥ 0');
      faults.delays.failNext(ms, queueOptions(nextOptions));
    },
    calls: {
      log: calls.log,
      count: (operation) => calls.count(operation === undefined ? undefined : { operation }),
      get challenges() {
        return challenges;
      },
    },
    unhandledRequests: host.unhandledRequests,
  };
}
