// Error injection on the fake kit's fault queue: the next matching request(s) answer with a gRPC
// status (an HTTP error with a google.rpc.Status body on REST, a status with its details trailer on
// gRPC), get no answer ('NETWORK_ERROR'), or (REST only) a raw answer of the test's own.
import { createFaultQueue, type FaultQueue } from '@secretkit/fake-kit';
import type { ErrorDetails } from './fake-error-details.js';
import { type GrpcStatusName, isGrpcStatusName } from './fake-status.js';
import type { SecretManagerOperation } from './fake-store.js';

export type FaultName = GrpcStatusName | 'NETWORK_ERROR';
export type FakeTransport = 'grpc' | 'rest';

export interface FailNextOptions extends ErrorDetails {
  /** How many matching requests fail. @default 1 */
  times?: number;
  /** Only these operations fail. @default every operation */
  operations?: SecretManagerOperation[];
  /** The status message (server text: the adapter must never copy it). @default one like the service's */
  message?: string;
}

/** Builds a raw REST answer from the request (its headers and body are readable). */
export type RawResponder = (request: Request) => Response | Promise<Response>;

/** What a faulted request gets. */
export type Fault =
  | { kind: 'status'; status: GrpcStatusName; message: string; details: ErrorDetails }
  | { kind: 'drop'; message: string }
  | { kind: 'raw'; respond: RawResponder };

/** What a fault is matched on. */
export interface FaultedRequest {
  operation: SecretManagerOperation;
  transport: FakeTransport;
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

export interface GcpFaults {
  failNext(status: string, options?: FailNextOptions): void;
  answerNext(respond: RawResponder, options?: Pick<FailNextOptions, 'times' | 'operations'>): void;
  take(request: FaultedRequest): Fault | undefined;
  clear(): void;
}

export function createGcpFaults(): GcpFaults {
  const queue: FaultQueue<Fault, FaultedRequest> = createFaultQueue<Fault, FaultedRequest>();
  const forOperations = (operations: SecretManagerOperation[] | undefined, restOnly = false) => {
    const only = operations === undefined ? undefined : [...operations];
    return (request: FaultedRequest) =>
      (!restOnly || request.transport === 'rest') && (only === undefined || only.includes(request.operation));
  };
  return {
    failNext(status, options = {}) {
      if (status !== 'NETWORK_ERROR' && (!isGrpcStatusName(status) || status === 'OK')) {
        throw new TypeError(`failNext: "${status}" is not a gRPC status name (or NETWORK_ERROR)`);
      }
      const message = options.message ?? DEFAULT_MESSAGE[status] ?? `${status} (injected by the fake)`;
      const { retryDelaySeconds, reason, requestId } = options;
      const details: ErrorDetails = {
        ...(retryDelaySeconds === undefined ? {} : { retryDelaySeconds }),
        ...(reason === undefined ? {} : { reason }),
        ...(requestId === undefined ? {} : { requestId }),
      };
      const fault: Fault =
        status === 'NETWORK_ERROR' ? { kind: 'drop', message } : { kind: 'status', status, message, details };
      queue.failNext(fault, { times: options.times ?? 1, match: forOperations(options.operations) });
    },
    answerNext(respond, options = {}) {
      if (typeof respond !== 'function')
        throw new TypeError('answerNext: respond must be a function of the request');
      queue.failNext(
        { kind: 'raw', respond },
        { times: options.times ?? 1, match: forOperations(options.operations, true) },
      );
    },
    take: (request) => queue.take(request),
    clear: () => queue.clear(),
  };
}
