// One request through the fake: injected faults first, then the store's RPC; every request is
// logged with its transport and the status it got.
import { type FailNextOptions, type FaultName, FaultQueue } from './fake-faults.js';
import { FakeStatus, type GrpcStatusName } from './fake-status.js';
import type { SecretManagerOperation } from './fake-store.js';

export type FakeTransport = 'grpc' | 'rest';

/** One request the fake answered. */
export interface FakeCall {
  transport: FakeTransport;
  operation: SecretManagerOperation;
  /** The resource name (or parent) the request named. */
  resource?: string;
  /** REST only: the host the request went to (global or regional endpoint). */
  host?: string;
  /** 'OK', the gRPC status answered, or 'NETWORK_ERROR'. */
  status: GrpcStatusName | 'NETWORK_ERROR';
}

export interface FakeCalls {
  /** Every request in arrival order. */
  readonly log: ReadonlyArray<FakeCall>;
  /** Requests of one operation (or all), over one transport (or both). */
  count(operation?: SecretManagerOperation, transport?: FakeTransport): number;
}

export type Outcome<T> = { ok: T } | { fault: FaultName; message: string };

export class FakeDispatcher {
  readonly faults = new FaultQueue();
  readonly log: FakeCall[] = [];
  readonly calls: FakeCalls = {
    log: this.log,
    count: (operation, transport) =>
      this.log.filter(
        (call) =>
          (operation === undefined || call.operation === operation) &&
          (transport === undefined || call.transport === transport),
      ).length,
  };

  failNext(name: string, options?: FailNextOptions): void {
    this.faults.add(name, options);
  }

  run<T>(call: Omit<FakeCall, 'status'>, rpc: () => T): Outcome<T> {
    const fault = this.faults.take(call.operation);
    if (fault) {
      this.log.push({ ...call, status: fault.name });
      return { fault: fault.name, message: fault.message };
    }
    try {
      const answer = rpc();
      this.log.push({ ...call, status: 'OK' });
      return { ok: answer };
    } catch (error) {
      if (!(error instanceof FakeStatus)) throw error;
      this.log.push({ ...call, status: error.status });
      return { fault: error.status, message: error.message };
    }
  }

  clear(): void {
    this.faults.clear();
    this.log.length = 0;
  }
}
