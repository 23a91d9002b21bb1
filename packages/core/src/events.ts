// The client's events and a small typed emitter whose listeners cannot break the caller:
// a throwing listener is reported as an `error` event (and a throwing `error` listener is dropped).
import type { SecretsError, SecretsErrorCode } from './errors.js';
import type { Secret } from './secret.js';

export interface RotationEvent {
  name: string;
  previousVersion?: string;
  version?: string;
  secret: Secret;
  reason: 'version-changed' | 'lease-replaced';
}

export interface SecretsEvents {
  rotate: RotationEvent;
  error: { name?: string; operation: string; error: SecretsError };
  lease: {
    name: string;
    leaseId: string;
    status: 'renewed' | 'replaced' | 'expired' | 'revoked' | 'renew-failed';
  };
  fetch: {
    name: string;
    version?: string;
    durationMs: number;
    outcome: 'ok' | 'error';
    code?: SecretsErrorCode;
  };
}

type Listener<T> = (event: T) => void;

export class EventHub {
  readonly #listeners = new Map<keyof SecretsEvents, Set<Listener<never>>>();
  readonly #onListenerError: (error: unknown, event: keyof SecretsEvents) => void;

  constructor(onListenerError: (error: unknown, event: keyof SecretsEvents) => void) {
    this.#onListenerError = onListenerError;
  }

  on<K extends keyof SecretsEvents>(event: K, listener: Listener<SecretsEvents[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const entry = listener as Listener<never>;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** True when someone listens: lets hot paths skip building event objects. */
  has(event: keyof SecretsEvents): boolean {
    return (this.#listeners.get(event)?.size ?? 0) > 0;
  }

  emit<K extends keyof SecretsEvents>(event: K, payload: SecretsEvents[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as Listener<SecretsEvents[K]>)(payload);
      } catch (error) {
        if (event !== 'error') this.#onListenerError(error, event);
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
