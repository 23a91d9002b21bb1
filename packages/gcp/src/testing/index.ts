// Public surface of @secretkit/gcp/testing: the Secret Manager fake (REST via msw, gRPC via a local
// @grpc/grpc-js server) and a test auth client. Exports only.
export { fakeAuthClient } from './auth.js';
export type { FakeCall, FakeCalls, FakeTransport } from './fake-dispatch.js';
export type { FailNextOptions, FaultName } from './fake-faults.js';
export type { GrpcStatusName } from './fake-status.js';
export type { SecretManagerOperation, VersionState } from './fake-store.js';
export { SECRET_MANAGER_OPERATIONS } from './fake-store.js';
export type { FakeGrpcServer } from './grpc-server.js';
export type { FakeTarget, SecretManagerFake, SecretManagerFakeOptions } from './secret-manager-fake.js';
export { createSecretManagerFake } from './secret-manager-fake.js';
