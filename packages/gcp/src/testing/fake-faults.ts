// Error injection: the next matching request(s) answer with a gRPC status (an HTTP error on REST),
// or, with 'NETWORK_ERROR', get no answer (REST: a dropped connection; gRPC: UNAVAILABLE).
import { type GrpcStatusName, isGrpcStatusName } from './fake-status.js';
import type { SecretManagerOperation } from './fake-store.js';

export type FaultName = GrpcStatusName | 'NETWORK_ERROR';

export interface FailNextOptions {
  /** How many matching requests fail. @default 1 */
  times?: number;
  /** Only these operations fail. @default every operation */
  operations?: SecretManagerOperation[];
  /** The error message. @default one like the service's */
  message?: string;
}

export interface Fault {
  name: FaultName;
  message: string;
}

const DEFAULT_MESSAGE: Partial<Record<FaultName, string>> = {
  PERMISSION_DENIED: "Permission 'secretmanager.versions.access' denied for resource (or it may not exist).",
  UNAUTHENTICATED:
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  RESOURCE_EXHAUSTED:
    "Quota exceeded for quota metric 'Access requests' of service 'secretmanager.googleapis.com'.",
  UNAVAILABLE: 'The service is currently unavailable.',
  INTERNAL: 'Internal error encountered.',
  DEADLINE_EXCEEDED: 'Deadline exceeded.',
  NETWORK_ERROR: 'connection dropped by the fake',
};

interface PendingFault extends Fault {
  remaining: number;
  operations?: SecretManagerOperation[];
}

export class FaultQueue {
  #pending: PendingFault[] = [];

  add(name: string, options: FailNextOptions = {}): void {
    if (name !== 'NETWORK_ERROR' && (!isGrpcStatusName(name) || name === 'OK')) {
      throw new TypeError(`failNext: "${name}" is not a gRPC status name (or NETWORK_ERROR)`);
    }
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new TypeError('failNext: times must be a positive integer');
    this.#pending.push({
      name,
      remaining: times,
      message: options.message ?? DEFAULT_MESSAGE[name] ?? `${name} (injected by the fake)`,
      ...(options.operations === undefined ? {} : { operations: [...options.operations] }),
    });
  }

  /** The fault for this request, if one is pending for its operation (consumes one use). */
  take(operation: SecretManagerOperation): Fault | undefined {
    const index = this.#pending.findIndex(
      (fault) => !fault.operations || fault.operations.includes(operation),
    );
    if (index === -1) return undefined;
    const fault = this.#pending[index]!;
    fault.remaining--;
    if (fault.remaining === 0) this.#pending.splice(index, 1);
    return { name: fault.name, message: fault.message };
  }

  clear(): void {
    this.#pending = [];
  }
}
