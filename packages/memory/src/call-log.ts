// The record of every SPI call the memory provider answered, for exact call-count assertions.
import type { SecretsErrorCode } from '@secretkit/core';
import type { MemoryOperation } from './operations.js';

export interface MemoryCall {
  operation: MemoryOperation;
  /** The secret the call was about (for lease calls: the secret the lease was issued for). */
  name?: string;
  /** Date.now() when the call started. */
  at: number;
  /** 'ok', or the code the call rejected with. */
  outcome: 'ok' | SecretsErrorCode;
}

export class CallLog {
  #calls: MemoryCall[] = [];

  record(call: MemoryCall): void {
    this.#calls.push(Object.freeze(call));
  }

  /** A snapshot, in the order the calls settled. */
  entries(): ReadonlyArray<MemoryCall> {
    return [...this.#calls];
  }

  count(operation?: MemoryOperation): number {
    if (operation === undefined) return this.#calls.length;
    return this.#calls.filter((call) => call.operation === operation).length;
  }

  reset(): void {
    this.#calls = [];
  }
}
