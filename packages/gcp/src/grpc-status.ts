// google.rpc.Code: the gRPC status names and numbers, shared by the error mapping and the fake.

export const GRPC_STATUS = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export type GrpcStatusName = keyof typeof GRPC_STATUS;

export function isGrpcStatusName(value: string): value is GrpcStatusName {
  return Object.hasOwn(GRPC_STATUS, value);
}

/** The name of a status number, e.g. 7 → 'PERMISSION_DENIED'. */
export function grpcStatusName(code: number): GrpcStatusName | undefined {
  return (Object.keys(GRPC_STATUS) as GrpcStatusName[]).find((name) => GRPC_STATUS[name] === code);
}
