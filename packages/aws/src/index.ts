// Public surface of @secretkit/aws: exports only.
export type { AwsSecretsManagerProvider } from './aws-secrets-manager.js';
export { awsSecretsManager } from './aws-secrets-manager.js';
export type { AwsSecretsManagerOptions } from './options.js';
