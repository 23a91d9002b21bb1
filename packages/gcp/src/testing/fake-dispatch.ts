// One request through the fake, for both wires: injected faults first, then the RPC; every request
// is logged (on the fake kit's call log) with its transport and the status it got.
import { type CallLog, createCallLog } from '@secretkit/fake-kit';
import type { FakeTransport, Fault, GcpFaults } from './fake-faults.js';
import { FakeStatus, type GrpcStatusName } from './fake-status.js';
import type { SecretManagerOperation } from './fake-store.js';

/** One request the fake answered. */
export interface FakeCall {
  transport: FakeTransport;
  operation: SecretManagerOperation;
  /** The resource name (or parent) the request named. */
  resource?: string;
  /** REST only: the host the request went to (global or regional endpoint). */
  host?: string;
  /** 'OK', the gRPC status answered, 'NETWORK_ERROR' (no answer) or 'RAW_ANSWER' (an `answerNext`). */
  status: GrpcStatusName | 'NETWORK_ERROR' | 'RAW_ANSWER';
}

export interface FakeCalls {
  /** Every request in arrival order. */
  readonly log: ReadonlyArray<Readonly<FakeCall>>;
  /** Requests of one operation (or all), over one transport (or both). */
  count(operation?: SecretManagerOperation, transport?: FakeTransport): number;
}

/** How a request ends: the RPC's answer, or a fault (a status, a drop, a raw answer). */
export type Outcome<T> = { ok: T } | { fault: Fault };

export class FakeDispatcher {
  readonly #log: CallLog<FakeCall> = createCallLog<FakeCall>();
  readonly calls: FakeCalls = {
    log: this.#log.log,
    count: (operation, transport) =>
      this.#log.count({
        ...(operation === undefined ? {} : { operation }),
        ...(transport === undefined ? {} : { transport }),
      }),
  };

  constructor(readonly faults: GcpFaults) {}

  /** Logs a request the fake refused before any RPC (no token, the wrong regional host). */
  refuse(call: Omit<FakeCall, 'status'>, status: GrpcStatusName): void {
    this.#log.record({ ...call, status });
  }

  run<T>(call: Omit<FakeCall, 'status'>, rpc: () => T): Outcome<T> {
    const fault = this.faults.take({ operation: call.operation, transport: call.transport });
    if (fault) {
      const status =
        fault.kind === 'status' ? fault.status : fault.kind === 'drop' ? 'NETWORK_ERROR' : 'RAW_ANSWER';
      this.#log.record({ ...call, status });
      return { fault };
    }
    try {
      const answer = rpc();
      this.#log.record({ ...call, status: 'OK' });
      return { ok: answer };
    } catch (error) {
      if (!(error instanceof FakeStatus)) throw error;
      this.#log.record({ ...call, status: error.status });
      return { fault: { kind: 'status', status: error.status, message: error.message, details: {} } };
    }
  }

  clear(): void {
    this.faults.clear();
    this.#log.clear();
  }
}
