// The Secrets Manager stand-ins shared by the benchmarks: one msw server answering the real AWS SDK
// with @secretkit/aws's fake (plus an adjustable answer latency), and the clients built on it.

import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type AwsSecretsManagerFake, createAwsSecretsManagerFake } from '@secretkit/aws/testing';
import { http } from 'msw';
import { setupServer } from 'msw/node';

process.env.AWS_EC2_METADATA_DISABLED = 'true';

let fake: AwsSecretsManagerFake | undefined;
let latencyMs = 0;

/** The fake, listening (once per process). Every answer waits `setFakeLatency` ms first. */
export function awsFake(): AwsSecretsManagerFake {
  if (fake) return fake;
  fake = createAwsSecretsManagerFake();
  // Returning nothing passes the request on to the fake's own handlers (catch-all last).
  const delay = http.post(`${fake.endpoint}/`, async () => {
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
  });
  setupServer(delay, ...fake.handlers).listen({ onUnhandledFrame: 'error' });
  return fake;
}

export function setFakeLatency(ms: number): void {
  latencyMs = ms;
}

/** A real SDK client pointed at the fake's endpoint by region, never at AWS (loopback only). */
export function sdkClient(): SecretsManagerClient {
  awsFake();
  return new SecretsManagerClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** Powertools' SecretsProvider with its defaults (maxAge 5 s), on a client answered by the fake. */
export function powertoolsProvider(client = sdkClient()): SecretsProvider {
  return new SecretsProvider({ awsSdkV3Client: client });
}

/**
 * Powertools' SecretsProvider whose `_get` (the AWS call) is replaced by a counter returning a fixed
 * value: BaseProvider's cache (ExpirableValue, `maxAge`, `Date`) runs as shipped, with no I/O.
 * For simulated time, where the SDK's request signing must not see the virtual clock.
 */
export class CountingSecretsProvider extends SecretsProvider {
  calls = 0;
  value = 'v';
  constructor() {
    super({ awsSdkV3Client: sdkClient() });
  }
  override async _get(): Promise<string> {
    this.calls++;
    return this.value;
  }
}
