// Public surface of @secretkit/fake-kit: exports only.
export type { CallFilter, CallLog } from './call-log.js';
export { createCallLog } from './call-log.js';
export type { Clock, FakeClock } from './fake-clock.js';
export { createFakeClock } from './fake-clock.js';
export type { FakeEndpoint } from './fake-endpoint.js';
export { fakeEndpoint } from './fake-endpoint.js';
export type { FakeHost, FakeServerOptions, SocketOptions, UnhandledRequest } from './fake-server.js';
export { createFakeServer } from './fake-server.js';
export type { FailNextOptions, FaultQueue } from './fault-queue.js';
export { createFaultQueue } from './fault-queue.js';
export type { SocketListener } from './socket-listener.js';
