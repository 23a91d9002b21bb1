// Scripted failures and latency for SPI calls: failNext (the next N matching calls), failFor (a
// window of time) and setLatency. A fault is decided when a call starts, before any lookup; the
// native helpers never pass through here.
import { SECRETS_ERROR_CODES, type SecretsError, type SecretsErrorCode } from '@secretkit/core';
import { assertMilliseconds, assertOptions, describeInput } from './input-checks.js';
import { memoryError } from './memory-errors.js';
import { MEMORY_OPERATIONS, type MemoryOperation } from './operations.js';

export interface FailNextOptions {
  /** How many matching calls fail. @default 1 */
  times?: number;
  /** Which calls count. @default every operation */
  operations?: MemoryOperation[];
  /** Put on the error, as a provider's Retry-After would be. */
  retryAfterMs?: number;
  /** Appended to "injected fault: ". @default "<code> on <operation>" */
  message?: string;
}

export interface FailForOptions {
  /** Which calls fail. @default every operation */
  operations?: MemoryOperation[];
}

export interface LatencyOptions {
  /** Which calls wait. @default every operation (and clears per-operation latencies) */
  operations?: MemoryOperation[];
}

interface ScriptedFault {
  code: SecretsErrorCode;
  remaining: number;
  operations?: ReadonlySet<MemoryOperation>;
  retryAfterMs?: number;
  message?: string;
}

interface FaultWindow {
  code: SecretsErrorCode;
  endsAt: number;
  operations?: ReadonlySet<MemoryOperation>;
}

export class FaultInjector {
  #scripted: ScriptedFault[] = [];
  #windows: FaultWindow[] = [];
  #latency = 0;
  #latencyByOperation = new Map<MemoryOperation, number>();

  /** Queues a fault for the next `times` matching calls; queued faults are used first in, first out. */
  failNext(code: SecretsErrorCode, options?: FailNextOptions): void {
    assertOptions(options, ['times', 'operations', 'retryAfterMs', 'message'], 'failNext options');
    assertCode(code);
    const times = options?.times ?? 1;
    if (!Number.isInteger(times) || times < 1) {
      throw memoryError('CONFIG', `failNext times must be a whole number >= 1; got ${describeInput(times)}`);
    }
    if (options?.retryAfterMs !== undefined) assertMilliseconds(options.retryAfterMs, 'retryAfterMs', 0);
    if (options?.message !== undefined && typeof options.message !== 'string') {
      throw memoryError('CONFIG', 'failNext message must be a string');
    }
    this.#scripted.push({
      code,
      remaining: times,
      ...optionalOperations(options?.operations),
      ...(options?.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
      ...(options?.message === undefined ? {} : { message: options.message }),
    });
  }

  /** Every matching call that starts in [now, now + durationMs) fails with `code`. */
  failFor(
    durationMs: number,
    code: SecretsErrorCode,
    options: FailForOptions | undefined,
    now: number,
  ): void {
    assertOptions(options, ['operations'], 'failFor options');
    assertMilliseconds(durationMs, 'failFor duration', 0);
    assertCode(code);
    this.#windows.push({ code, endsAt: now + durationMs, ...optionalOperations(options?.operations) });
  }

  /** Matching calls wait `ms` before answering; 0 removes the latency. */
  setLatency(ms: number, options?: LatencyOptions): void {
    assertOptions(options, ['operations'], 'setLatency options');
    assertMilliseconds(ms, 'latency', 0);
    if (options?.operations === undefined) {
      this.#latency = ms;
      this.#latencyByOperation.clear();
      return;
    }
    for (const operation of checkedOperations(options.operations))
      this.#latencyByOperation.set(operation, ms);
  }

  clear(): void {
    this.#scripted = [];
    this.#windows = [];
    this.#latency = 0;
    this.#latencyByOperation.clear();
  }

  /**
   * The error a call starting at `now` must fail with, if any. A queued failNext fault is used
   * (and counted down) before an open failFor window is looked at.
   */
  faultFor(
    operation: MemoryOperation,
    secretName: string | undefined,
    now: number,
  ): SecretsError | undefined {
    const scripted = this.#scripted.find((fault) => matches(fault.operations, operation));
    if (scripted !== undefined) {
      scripted.remaining -= 1;
      if (scripted.remaining === 0) this.#scripted.splice(this.#scripted.indexOf(scripted), 1);
      return injectedError(scripted.code, operation, secretName, scripted.message, scripted.retryAfterMs);
    }
    this.#windows = this.#windows.filter((window) => window.endsAt > now);
    const window = this.#windows.find((open) => matches(open.operations, operation));
    return window === undefined ? undefined : injectedError(window.code, operation, secretName);
  }

  latencyFor(operation: MemoryOperation): number {
    return this.#latencyByOperation.get(operation) ?? this.#latency;
  }
}

function injectedError(
  code: SecretsErrorCode,
  operation: MemoryOperation,
  secretName: string | undefined,
  message = `${code} on ${operation}`,
  retryAfterMs?: number,
): SecretsError {
  return memoryError(code, `injected fault: ${message}`, secretName, retryAfterMs);
}

function matches(operations: ReadonlySet<MemoryOperation> | undefined, operation: MemoryOperation): boolean {
  return operations === undefined || operations.has(operation);
}

function assertCode(code: unknown): asserts code is SecretsErrorCode {
  if (!SECRETS_ERROR_CODES.includes(code as SecretsErrorCode)) {
    throw memoryError(
      'CONFIG',
      `unknown error code ${typeof code === 'string' ? `"${code}"` : describeInput(code)}`,
    );
  }
}

function optionalOperations(operations: unknown): { operations?: ReadonlySet<MemoryOperation> } {
  return operations === undefined ? {} : { operations: new Set(checkedOperations(operations)) };
}

function checkedOperations(operations: unknown): MemoryOperation[] {
  if (!Array.isArray(operations) || operations.length === 0) {
    throw memoryError('CONFIG', 'operations must be a non-empty array of operation names');
  }
  for (const operation of operations) {
    if (!MEMORY_OPERATIONS.includes(operation)) {
      throw memoryError(
        'CONFIG',
        `unknown operation "${String(operation)}"; known: ${MEMORY_OPERATIONS.join(', ')}`,
      );
    }
  }
  return operations;
}
