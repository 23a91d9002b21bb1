// gRPC statuses on the REST wire (google.rpc.Code → HTTP), and the failure the fake answers.
import type { GrpcStatusName } from '../grpc-status.js';

export { GRPC_STATUS, type GrpcStatusName, isGrpcStatusName } from '../grpc-status.js';

/** google.rpc.Code → HTTP status, as the REST endpoint answers. */
export const HTTP_STATUS: Readonly<Record<GrpcStatusName, number>> = {
  OK: 200,
  CANCELLED: 499,
  UNKNOWN: 500,
  INVALID_ARGUMENT: 400,
  DEADLINE_EXCEEDED: 504,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  FAILED_PRECONDITION: 400,
  ABORTED: 409,
  OUT_OF_RANGE: 400,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DATA_LOSS: 500,
  UNAUTHENTICATED: 401,
};

/** A failure the fake answers: a gRPC status with the service's message. */
export class FakeStatus extends Error {
  constructor(
    readonly status: GrpcStatusName,
    message: string,
  ) {
    super(message);
    this.name = 'FakeStatus';
  }
}
