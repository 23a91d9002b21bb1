// The AWS Secrets Manager fake on a real loopback socket, as the CLI's process tests use it: it
// listens before the tests of the file (or describe block) that calls useAwsFake, closes after them.
import {
  type AwsSecretsManagerFake,
  createAwsSecretsManagerFake,
  type SocketListener,
} from '@secretkit/aws/testing';
import { afterAll, beforeAll } from 'vitest';
import { baseEnv } from '../helpers.js';

export interface AwsFakeOnSocket {
  readonly fake: AwsSecretsManagerFake;
  /** secretkit's environment against the fake: its endpoint, region us-east-1, and `extra` (credentials, a token). */
  env(extra: Record<string, string>): Record<string, string>;
}

/** Registers the hooks that start and close the fake: call it at the top of a file or describe block. */
export function useAwsFake(): AwsFakeOnSocket {
  const fake = createAwsSecretsManagerFake();
  let socket: SocketListener | undefined;
  beforeAll(async () => {
    socket = await fake.listenOnSocket({ port: 0 });
  });
  afterAll(() => fake.close());
  return {
    fake,
    env(extra) {
      if (socket === undefined) throw new Error('the AWS fake listens only once its beforeAll has run');
      return baseEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: socket.url, AWS_REGION: 'us-east-1', ...extra });
    },
  };
}
