// The Secrets Manager JSON protocol's shapes, derived from the SDK's own request/response types:
// dates travel as epoch seconds and bytes as base64, so a misspelled field fails typecheck.
import type {
  BatchGetSecretValueRequest,
  BatchGetSecretValueResponse,
  CreateSecretRequest,
  CreateSecretResponse,
  DeleteSecretRequest,
  DeleteSecretResponse,
  DescribeSecretRequest,
  DescribeSecretResponse,
  GetSecretValueRequest,
  GetSecretValueResponse,
  ListSecretsRequest,
  ListSecretsResponse,
  PutSecretValueRequest,
  PutSecretValueResponse,
} from '@aws-sdk/client-secrets-manager';

/** One SDK-side type as it is serialised in JSON: Date → number (seconds), Uint8Array → base64. */
export type WireValue<T> = T extends Date
  ? number
  : T extends Uint8Array
    ? string
    : T extends ReadonlyArray<infer Item>
      ? WireValue<Item>[]
      : T extends object
        ? { [K in keyof T]: WireValue<T[K]> }
        : T;

export type Wire<T> = { [K in keyof T]: WireValue<T[K]> };

/** Every operation the fake answers, with its wire request and response. */
export interface WireOperations {
  GetSecretValue: { request: Wire<GetSecretValueRequest>; response: Wire<GetSecretValueResponse> };
  DescribeSecret: { request: Wire<DescribeSecretRequest>; response: Wire<DescribeSecretResponse> };
  BatchGetSecretValue: {
    request: Wire<BatchGetSecretValueRequest>;
    response: Wire<BatchGetSecretValueResponse>;
  };
  PutSecretValue: { request: Wire<PutSecretValueRequest>; response: Wire<PutSecretValueResponse> };
  CreateSecret: { request: Wire<CreateSecretRequest>; response: Wire<CreateSecretResponse> };
  DeleteSecret: { request: Wire<DeleteSecretRequest>; response: Wire<DeleteSecretResponse> };
  ListSecrets: { request: Wire<ListSecretsRequest>; response: Wire<ListSecretsResponse> };
}

export type AwsOperation = keyof WireOperations;

export const AWS_OPERATIONS: readonly AwsOperation[] = [
  'GetSecretValue',
  'DescribeSecret',
  'BatchGetSecretValue',
  'PutSecretValue',
  'CreateSecret',
  'DeleteSecret',
  'ListSecrets',
];

/** Epoch seconds, as the JSON protocol sends timestamps. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
