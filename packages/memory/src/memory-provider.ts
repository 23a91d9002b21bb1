// createMemoryProvider: a SecretProvider held in memory, for tests and demos. Static secrets keep
// every version and stage label; dynamic ones issue leases; every SPI call is logged and can be
// failed, slowed down or aborted on purpose.
import {
  type ChangeHint,
  type ProviderContext,
  type ProviderWith,
  type SecretRecord,
  type SecretRequest,
  type SecretsError,
  type SecretsErrorCode,
  toSecretsError,
} from '@secretkit/core';
import { waitToAnswer } from './answer-delay.js';
import { CallLog, type MemoryCall } from './call-log.js';
import { ChangeListeners } from './change-listeners.js';
import { type DynamicSecretOptions, DynamicSecrets, type MemoryLease } from './dynamic-secrets.js';
import {
  type FailForOptions,
  type FailNextOptions,
  FaultInjector,
  type LatencyOptions,
} from './fault-injector.js';
import {
  assertLease,
  assertOptions,
  assertRequest,
  assertSecretName,
  requestedName,
} from './input-checks.js';
import { memoryError, PROVIDER_NAME } from './memory-errors.js';
import type { MemoryOperation } from './operations.js';
import type { MemorySecretValue } from './secret-value.js';
import { assertWriteOptions, type MemoryWriteOptions, SecretStore } from './store.js';

export interface MemoryProviderOptions {
  /** Initial secrets, each stored as version "1"; objects as `JSON.stringify(object)`. @default {} */
  secrets?: Record<string, MemorySecretValue>;
}

/** The memory provider: the whole SPI, plus native helpers that are neither logged nor faulted. */
export interface MemoryProvider
  extends ProviderWith<
    'getVersion' | 'getSecrets' | 'renewLease' | 'revokeLease' | 'deleteSecret' | 'listSecrets'
  > {
  readonly name: 'memory';
  /** Registers a listener for `emitChange`; writes never emit by themselves. Returns unsubscribe. */
  watchChanges(listener: (hint: ChangeHint) => void): () => void;
  /** Always reports the version it wrote. */
  setSecret(name: string, value: string | Uint8Array, context: ProviderContext): Promise<{ version: string }>;
  /** Afterwards every SPI call rejects with CLOSED and listeners are dropped. */
  close(): Promise<void>;
  /**
   * The escape hatch every provider has (DESIGN §13). The memory provider sends through no SDK: it
   * is its own client, so this resolves to the provider itself (and its native helpers below).
   */
  client(): Promise<MemoryProvider>;

  /** Writes the next version natively and returns its id ("1", "2", …). */
  set(name: string, value: MemorySecretValue, options?: MemoryWriteOptions): string;
  /** Deletes a static or dynamic secret natively; false when there was none. */
  remove(name: string): boolean;
  /** Reads of a disabled secret reject with DISABLED. */
  disable(name: string): void;
  enable(name: string): void;
  /** Points a stage label (`current`, `previous`, AWS aliases, or a new one) at a version. */
  setStage(name: string, stage: string, version: string): void;
  /** Makes `name` a dynamic secret: each read issues a new credential under a new lease. */
  defineDynamic(name: string, options: DynamicSecretOptions): void;
  /** Every lease issued so far, in issue order. */
  leases(): MemoryLease[];
  /** Calls every watchChanges listener with `hint` (no name: anything may have changed). */
  emitChange(hint?: ChangeHint): void;

  /** The next matching SPI call(s) fail with `code`. */
  failNext(code: SecretsErrorCode, options?: FailNextOptions): void;
  /** Every matching SPI call starting in the next `durationMs` fails with `code`. */
  failFor(durationMs: number, code: SecretsErrorCode, options?: FailForOptions): void;
  /** Matching SPI calls wait `ms` (setTimeout) before answering; an abort cuts the wait short. */
  setLatency(ms: number, options?: LatencyOptions): void;
  /** Drops every failNext, failFor and latency setting. */
  clearFaults(): void;

  /** Every SPI call, in the order they settled. */
  readonly calls: ReadonlyArray<MemoryCall>;
  callCount(operation?: MemoryOperation): number;
  resetCalls(): void;
}

export function createMemoryProvider(options?: MemoryProviderOptions): MemoryProvider {
  assertOptions(options, ['secrets'], 'createMemoryProvider options');
  const store = new SecretStore();
  const dynamic = new DynamicSecrets();
  const faults = new FaultInjector();
  const log = new CallLog();
  const listeners = new ChangeListeners();
  let closed = false;

  const secrets: unknown = options?.secrets ?? {};
  if (typeof secrets !== 'object' || secrets === null || Array.isArray(secrets)) {
    throw memoryError('CONFIG', 'createMemoryProvider secrets must be an object of name → value');
  }
  for (const [name, value] of Object.entries(secrets)) writeNatively(name, value, {});

  /** Runs one SPI call: closed check, fault decision, wait, abort check, then `answer`; logs it. */
  async function call<T>(
    operation: MemoryOperation,
    name: string | undefined,
    context: ProviderContext,
    answer: () => T,
  ): Promise<T> {
    const at = Date.now();
    try {
      if (closed) throw closedError(name);
      const fault = faults.faultFor(operation, name, at);
      await waitToAnswer(faults.latencyFor(operation), context.signal);
      if (context.signal.aborted) throw memoryError('ABORTED', `${operation} was aborted`, name);
      if (closed) throw closedError(name);
      if (fault !== undefined) throw fault;
      const result = answer();
      log.record({ operation, ...(name === undefined ? {} : { name }), at, outcome: 'ok' });
      return result;
    } catch (caught) {
      const error = asMemoryError(caught, name);
      log.record({ operation, ...(name === undefined ? {} : { name }), at, outcome: error.code });
      throw error;
    }
  }

  function read(request: SecretRequest): SecretRecord {
    assertRequest(request);
    const now = Date.now();
    return dynamic.has(request.name) ? dynamic.issue(request, now) : store.read(request, now);
  }

  function writeNatively(name: string, value: unknown, writeOptions: MemoryWriteOptions): string {
    assertSecretName(name);
    if (dynamic.has(name)) {
      throw memoryError('CONFIG', `"${name}" is a dynamic secret; remove it before writing a value`, name);
    }
    return store.write(name, value as MemorySecretValue, writeOptions, Date.now());
  }

  function setEnabled(name: string, enabled: boolean): void {
    if (dynamic.has(name)) dynamic.setEnabled(name, enabled);
    else store.setEnabled(name, enabled);
  }

  const provider: MemoryProvider = {
    name: PROVIDER_NAME,

    client: async () => provider,

    getSecret: (request, context) => call('getSecret', requestedName(request), context, () => read(request)),

    getVersion: (request, context) =>
      call('getVersion', requestedName(request), context, () => {
        assertRequest(request);
        return dynamic.has(request.name) ? dynamic.versionOf(request) : store.versionOf(request, Date.now());
      }),

    getSecrets: (requests, context) =>
      call('getSecrets', undefined, context, () => {
        if (!Array.isArray(requests)) throw memoryError('CONFIG', 'getSecrets takes an array of requests');
        return requests.map((request): SecretRecord | SecretsError => {
          try {
            return read(request);
          } catch (caught) {
            return asMemoryError(caught, requestedName(request));
          }
        });
      }),

    watchChanges: (listener) => (closed ? () => {} : listeners.add(listener)),

    renewLease: (lease, context) =>
      call('renewLease', dynamic.leaseName(lease?.id), context, () => {
        assertLease(lease);
        return dynamic.renew(lease, Date.now());
      }),

    revokeLease: (lease, context) =>
      call('revokeLease', dynamic.leaseName(lease?.id), context, () => {
        assertLease(lease);
        dynamic.revoke(lease);
      }),

    setSecret: (name, value, context) =>
      call('setSecret', name, context, () => {
        assertSecretName(name);
        if (dynamic.has(name)) {
          throw memoryError('UNSUPPORTED', `"${name}" is a dynamic secret; it cannot be written`, name);
        }
        return { version: store.write(name, value, {}, Date.now()) };
      }),

    deleteSecret: (name, context) =>
      call('deleteSecret', name, context, () => {
        assertSecretName(name);
        if (!(store.remove(name) || dynamic.remove(name))) {
          throw memoryError('NOT_FOUND', `secret "${name}" not found`, name);
        }
      }),

    listSecrets(context) {
      const names = call('listSecrets', undefined, context, () =>
        [...store.names(), ...dynamic.names()].sort(),
      );
      names.catch(() => {}); // surfaced to whoever iterates; never an unhandled rejection
      return yieldNames(names, context.signal);
    },

    async close() {
      closed = true;
      listeners.clear();
    },

    set(name, value, writeOptions) {
      assertWriteOptions(name, writeOptions);
      return writeNatively(name, value, writeOptions ?? {});
    },

    remove: (name) => store.remove(name) || dynamic.remove(name),

    disable: (name) => setEnabled(name, false),

    enable: (name) => setEnabled(name, true),

    setStage(name, stage, version) {
      if (dynamic.has(name)) {
        throw memoryError('CONFIG', `"${name}" is a dynamic secret; it has no versions or stages`, name);
      }
      if (typeof stage !== 'string' || stage.length === 0) {
        throw memoryError('CONFIG', 'stage must be a non-empty string', name);
      }
      store.setStage(name, stage, version);
    },

    defineDynamic(name, dynamicOptions) {
      assertSecretName(name);
      if (store.has(name)) {
        throw memoryError(
          'CONFIG',
          `"${name}" is a static secret; remove it before defining it as dynamic`,
          name,
        );
      }
      dynamic.define(name, dynamicOptions);
    },

    leases: () => dynamic.leases(),

    emitChange: (hint = {}) => listeners.emit(hint),

    failNext: (code, failOptions) => faults.failNext(code, failOptions),
    failFor: (durationMs, code, failOptions) => faults.failFor(durationMs, code, failOptions, Date.now()),
    setLatency: (ms, latencyOptions) => faults.setLatency(ms, latencyOptions),
    clearFaults: () => faults.clear(),

    get calls() {
      return log.entries();
    },
    callCount: (operation) => log.count(operation),
    resetCalls: () => log.reset(),
  };
  return provider;
}

async function* yieldNames(names: Promise<string[]>, signal: AbortSignal): AsyncGenerator<{ name: string }> {
  for (const name of await names) {
    if (signal.aborted) throw memoryError('ABORTED', 'listSecrets was aborted');
    yield { name };
  }
}

function closedError(name: string | undefined): SecretsError {
  return memoryError('CLOSED', 'the memory provider is closed', name);
}

function asMemoryError(caught: unknown, name: string | undefined): SecretsError {
  return toSecretsError(caught, {
    provider: PROVIDER_NAME,
    ...(name === undefined ? {} : { secretName: name }),
  });
}
