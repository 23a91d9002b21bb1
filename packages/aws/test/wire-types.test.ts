// The fake's wire shapes come from the SDK's types: a misspelled field does not typecheck.
import type { DescribeSecretResponse, GetSecretValueResponse } from '@aws-sdk/client-secrets-manager';
import { expect, it } from 'vitest';
import type { Wire } from '../src/testing/index.js';

it('types dates as epoch seconds, bytes as base64 and rejects unknown fields', () => {
  const answer: Wire<GetSecretValueResponse> = { SecretBinary: 'AAE=', CreatedDate: 1523477145.713 };
  const described: Wire<DescribeSecretResponse> = {
    // @ts-expect-error LastRotationDate is not a DescribeSecret field (it is LastRotatedDate)
    LastRotationDate: 1,
  };
  // @ts-expect-error a Date is not what the JSON protocol sends
  const wrong: Wire<GetSecretValueResponse> = { CreatedDate: new Date() };
  expect([answer, described, wrong]).toHaveLength(3);
});
