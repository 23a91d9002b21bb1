// Public surface of @secretkit/aws/testing: the msw fake of AWS Secrets Manager. Exports only.
export type {
  AwsSecretsManagerFake,
  AwsSecretsManagerFakeOptions,
  FakeCall,
  FakeCalls,
} from './aws-secrets-manager-fake.js';
export { createAwsSecretsManagerFake } from './aws-secrets-manager-fake.js';
export type { FailNextOptions } from './fake-faults.js';
export type { AwsOperation, Wire, WireOperations, WireValue } from './wire-types.js';
