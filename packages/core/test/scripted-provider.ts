// A small SecretProvider for core's own tests: values set by the test, programmed failures, a
// gate that holds calls in flight, and a log of every call. It implements the SPI; nothing of
// core is stubbed. (Core cannot use @secretkit/memory: memory depends on core.)
import {
  type ChangeHint,
  type Lease,
  type ProviderContext,
  type SecretProvider,
  type SecretRecord,
  type SecretRequest,
  SecretsError,
  type SecretsErrorCode,
} from '../src/index.js';

export interface ScriptedCall {
  operation: 'getSecret' | 'getVersion' | 'getSecrets' | 'revokeLease' | 'close';
  requests: SecretRequest[];
}

export interface ScriptedProvider extends SecretProvider {
  readonly calls: ScriptedCall[];
  /** Number of calls of one operation (default getSecret). */
  count(operation?: ScriptedCall['operation']): number;
  /** Sets the current value of `name` (and the record fields given). */
  set(name: string, value: string | Uint8Array, record?: Partial<Omit<SecretRecord, 'name' | 'value'>>): void;
  /** Sets the value served for one pinned version or stage of `name`. */
  setPinned(name: string, pin: { version?: string; stage?: string }, value: string, version: string): void;
  remove(name: string): void;
  /** The next reads of `name` (single or in a batch) fail with these errors, one each, in order. */
  failFor(name: string, ...errors: Array<SecretsError | SecretsErrorCode | Error>): void;
  /** The next calls fail with these errors, one each, in order. */
  failNext(...errors: Array<SecretsError | SecretsErrorCode | Error>): void;
  /** Every call fails with this error until heal(). */
  failAlways(error: SecretsError | SecretsErrorCode): void;
  heal(): void;
  /** Holds every call until the returned release() is called (or the call's signal aborts). */
  hold(): () => void;
  /** Calls never answer and ignore their abort signal (for timeout tests). */
  hang(): void;
  /** Sends a change hint to every watchChanges listener (needs the `changeHints` option). */
  emit(hint: ChangeHint): void;
  /** How many watchChanges listeners are registered now. */
  hintListeners(): number;
}

export function scriptedProvider(
  initial: Record<string, string> = {},
  options: { batch?: boolean; versionProbe?: boolean; leases?: boolean; changeHints?: boolean } = {},
): ScriptedProvider {
  const current = new Map<string, SecretRecord>();
  const pinned = new Map<string, SecretRecord>();
  const calls: ScriptedCall[] = [];
  let queued: Array<SecretsError | Error> = [];
  const queuedByName = new Map<string, Array<SecretsError | Error>>();
  let always: SecretsError | undefined;
  let gate: Promise<void> | undefined;
  let hanging = false;
  const hintListeners = new Set<(hint: ChangeHint) => void>();

  const toError = (error: SecretsError | SecretsErrorCode | Error): SecretsError | Error =>
    typeof error === 'string'
      ? new SecretsError(error, `scripted ${error}`, { provider: 'scripted' })
      : error;

  const pinKey = (request: SecretRequest) =>
    `${request.name}|${request.version ?? ''}|${request.stage ?? ''}`;

  async function answer(request: SecretRequest, context: ProviderContext): Promise<SecretRecord> {
    if (hanging) return new Promise(() => {});
    if (gate) {
      await Promise.race([
        gate,
        new Promise((_, reject) => {
          context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true });
        }),
      ]);
    } else {
      await Promise.resolve();
    }
    if (context.signal.aborted) throw new SecretsError('ABORTED', 'aborted', { provider: 'scripted' });
    const failure = queuedByName.get(request.name)?.shift() ?? queued.shift() ?? always;
    if (failure) throw failure;
    const record =
      request.version !== undefined || request.stage !== undefined
        ? pinned.get(pinKey(request))
        : current.get(request.name);
    if (!record) {
      throw new SecretsError('NOT_FOUND', `no secret "${request.name}"`, {
        provider: 'scripted',
        secretName: request.name,
      });
    }
    return { ...record, ...(record.lease ? { lease: { ...record.lease } } : {}) };
  }

  const provider: ScriptedProvider = {
    name: 'scripted',
    calls,
    count: (operation = 'getSecret') => calls.filter((call) => call.operation === operation).length,
    async getSecret(request, context) {
      calls.push({ operation: 'getSecret', requests: [request] });
      return answer(request, context);
    },
    set(name, value, record = {}) {
      current.set(name, { name, value, ...record });
    },
    setPinned(name, pin, value, version) {
      pinned.set(pinKey({ name, ...pin }), { name, value, version });
    },
    remove(name) {
      current.delete(name);
    },
    failFor(name, ...errors) {
      queuedByName.set(name, [...(queuedByName.get(name) ?? []), ...errors.map(toError)]);
    },
    failNext(...errors) {
      queued.push(...errors.map(toError));
    },
    failAlways(error) {
      always = toError(error) as SecretsError;
    },
    heal() {
      always = undefined;
      queued = [];
      queuedByName.clear();
    },
    hold() {
      let release!: () => void;
      gate = new Promise((resolve) => {
        release = resolve;
      });
      return () => {
        gate = undefined;
        release();
      };
    },
    hang() {
      hanging = true;
    },
    emit(hint) {
      for (const listener of [...hintListeners]) listener(hint);
    },
    hintListeners: () => hintListeners.size,
    async close() {
      calls.push({ operation: 'close', requests: [] });
    },
  };
  if (options.batch) {
    provider.getSecrets = async (requests, context) => {
      calls.push({ operation: 'getSecrets', requests });
      const failure = queued.shift() ?? always;
      if (failure) throw failure;
      return Promise.all(
        requests.map((request) => answer(request, context).catch((error: unknown) => error as SecretsError)),
      );
    };
  }
  if (options.versionProbe) {
    provider.getVersion = async (request, context) => {
      calls.push({ operation: 'getVersion', requests: [request] });
      return (await answer(request, context)).version;
    };
  }
  if (options.changeHints) {
    provider.watchChanges = (listener) => {
      const subscription = (hint: ChangeHint) => listener(hint);
      hintListeners.add(subscription);
      return () => {
        hintListeners.delete(subscription);
      };
    };
  }
  if (options.leases) {
    provider.revokeLease = async (lease: Lease) => {
      calls.push({ operation: 'revokeLease', requests: [{ name: lease.id }] });
    };
  }
  for (const [name, value] of Object.entries(initial)) provider.set(name, value, { version: '1' });
  return provider;
}
