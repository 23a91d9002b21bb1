// Public surface of @secretkit/gcp/testing: the Secret Manager fake (REST via msw on the fake kit,
// gRPC via a local @grpc/grpc-js server) and a test auth client. Exports only.
export type { Clock, SocketListener, UnhandledRequest } from '@secretkit/fake-kit';
export { createFakeClock } from '@secretkit/fake-kit';
export { fakeAuthClient } from './auth.js';
export type { PubSubFake, PubSubFakeCall, PubSubFakeMessage, PubSubRpc } from './events-pubsub-fake.js';
export { createPubSubFake } from './events-pubsub-fake.js';
export type { FakeCall, FakeCalls } from './fake-dispatch.js';
export type { ErrorDetails } from './fake-error-details.js';
export type { FailNextOptions, FakeTransport, FaultName, RawResponder } from './fake-faults.js';
export type { GrpcStatusName } from './fake-status.js';
export type { SecretManagerOperation, VersionState } from './fake-store.js';
export { SECRET_MANAGER_OPERATIONS } from './fake-store.js';
export type { FakeGrpcServer, GrpcClientOptions } from './grpc-server.js';
export type {
  FakeRestSocket,
  FakeTarget,
  SecretManagerFake,
  SecretManagerFakeOptions,
} from './secret-manager-fake.js';
export { createSecretManagerFake } from './secret-manager-fake.js';
