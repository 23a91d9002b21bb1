// Public surface of @secretkit/aws/testing: the fake of AWS Secrets Manager. Exports only.
export type { Clock, SocketListener, UnhandledRequest } from '@secretkit/fake-kit';
export { createFakeClock } from '@secretkit/fake-kit';
export type {
  AwsSecretsManagerFake,
  AwsSecretsManagerFakeOptions,
  FakeCall,
  FakeCalls,
} from './aws-secrets-manager-fake.js';
export { createAwsSecretsManagerFake } from './aws-secrets-manager-fake.js';
export type { SqsFake, SqsFakeCall, SqsFakeOptions, SqsFault, SqsOperation } from './events-sqs-fake.js';
export { createSqsFake } from './events-sqs-fake.js';
export type { FailNextOptions, RawResponder } from './fake-faults.js';
export type { AwsOperation, Wire, WireOperations, WireValue } from './wire-types.js';
