// Shared by the adapter tests: one fake over both wires, a provider per transport pointed at it,
// always with a fake auth client (no ADC, no metadata probe).
import { createSecretsClient, type ProviderContext, type SecretsClientOptions } from '@secretkit/core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type GcpSecretManagerOptions, gcpSecretManager } from '../src/index.js';
import {
  createSecretManagerFake,
  type FakeGrpcServer,
  fakeAuthClient,
  type SecretManagerFakeOptions,
} from '../src/testing/index.js';

export type Transport = 'grpc' | 'rest';
export const TRANSPORTS: Transport[] = ['grpc', 'rest'];
export const PROJECT = 'test-project';

export function context(signal: AbortSignal = new AbortController().signal): ProviderContext {
  return { signal };
}

/**
 * A fake serving `transport` for the enclosing describe block, reset after each test: msw for REST,
 * a local gRPC server for gRPC. Only one of them runs at a time: msw's socket interception in the
 * same process breaks the HTTP/2 connection to the local gRPC server ("Failed to connect").
 */
export function useFake(transport: Transport, options: SecretManagerFakeOptions = {}) {
  const fake = createSecretManagerFake(options);
  let grpc: FakeGrpcServer | undefined;
  beforeAll(async () => {
    if (transport === 'rest') fake.listen();
    else grpc = await fake.startGrpc();
  });
  afterEach(() => {
    expect(fake.unhandledRequests).toEqual([]);
    fake.reset();
  });
  afterAll(() => fake.close());

  /** A provider over the block's transport, aimed at the fake. */
  function provider(extra: GcpSecretManagerOptions = {}) {
    return gcpSecretManager({
      projectId: PROJECT,
      authClient: fakeAuthClient(),
      transport,
      ...(transport === 'grpc' ? { clientOptions: grpcOptions() } : {}),
      ...extra,
    });
  }

  function grpcOptions() {
    if (!grpc) throw new Error('the gRPC fake has not started');
    return grpc.clientOptions as NonNullable<GcpSecretManagerOptions['clientOptions']>;
  }

  function client(options: Partial<SecretsClientOptions> = {}, extra: GcpSecretManagerOptions = {}) {
    return createSecretsClient({ provider: provider(extra), retry: false, ...options });
  }

  return { fake, provider, client, grpcOptions };
}
