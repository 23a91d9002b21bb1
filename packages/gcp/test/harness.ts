// The adapter's test harness, written once: a fake per describe block over one wire (msw for REST, a
// local gRPC server for gRPC), providers and clients pointed at it with a test auth client (no ADC,
// no metadata probe), and the conformance wiring for both wires.
import type { ProviderConformanceOptions } from '@secretkit/conformance';
import { createSecretsClient, type SecretsClientOptions, type SecretsErrorCode } from '@secretkit/core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { closeAndCheckFake } from '../../../test-setup/fake-teardown.js';
import { type GcpSecretManagerOptions, gcpSecretManager } from '../src/index.js';
import {
  createSecretManagerFake,
  type FakeGrpcServer,
  type FaultName,
  fakeAuthClient,
  type SecretManagerFake,
  type SecretManagerFakeOptions,
} from '../src/testing/index.js';

export type Transport = 'grpc' | 'rest';
export const TRANSPORTS: Transport[] = ['grpc', 'rest'];
export const PROJECT = 'test-project';

export { providerContext as context, rejection } from '@secretkit/conformance';

/** A provider over `transport` aimed at `fake` (its gRPC server for gRPC). */
export function providerFor(
  transport: Transport,
  grpc: FakeGrpcServer | undefined,
  extra: GcpSecretManagerOptions = {},
) {
  if (transport === 'grpc' && grpc === undefined) throw new Error('the gRPC fake has not started');
  return gcpSecretManager({
    projectId: PROJECT,
    authClient: fakeAuthClient(),
    transport,
    ...(transport === 'grpc' ? { clientOptions: grpc!.clientOptions } : {}),
    ...extra,
  });
}

/** Starts the fake's wire for `transport`: msw in-process for REST, a gRPC server for gRPC. */
export async function startWire(
  fake: SecretManagerFake,
  transport: Transport,
): Promise<FakeGrpcServer | undefined> {
  if (transport === 'rest') {
    fake.listen();
    return undefined;
  }
  return fake.startGrpc();
}

/**
 * A fake serving `transport` for the enclosing describe block, reset after each test (which fails
 * when REST requests went unhandled). Only one wire runs at a time: msw's socket interception in the
 * same process breaks the HTTP/2 connection to the local gRPC server ("Failed to connect").
 */
export function useFake(transport: Transport, options: SecretManagerFakeOptions = {}) {
  const fake = createSecretManagerFake(options);
  let grpc: FakeGrpcServer | undefined;
  beforeAll(async () => {
    grpc = await startWire(fake, transport);
  });
  afterEach(() => {
    expect(fake.unhandledRequests).toEqual([]);
    fake.reset();
  });
  afterAll(() => fake.close());

  const provider = (extra: GcpSecretManagerOptions = {}) => providerFor(transport, grpc, extra);
  const client = (options: Partial<SecretsClientOptions> = {}, extra: GcpSecretManagerOptions = {}) =>
    createSecretsClient({ provider: provider(extra), retry: false, ...options });
  const grpcOptions = () => {
    if (!grpc) throw new Error('the gRPC fake has not started');
    return grpc.clientOptions;
  };
  return { fake, provider, client, grpcOptions };
}

/** The gRPC status the fake answers for each code the conformance suite injects. */
const STATUS_FOR: Partial<Record<SecretsErrorCode, FaultName>> = {
  ACCESS_DENIED: 'PERMISSION_DENIED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNAVAILABLE: 'UNAVAILABLE',
};

/** The conformance suite over `transport`, through the real Google client; writes go to the fake natively. */
export function conformanceFor(transport: Transport): ProviderConformanceOptions {
  return {
    name: `gcp (${transport})`,
    setup: async () => {
      const fake = createSecretManagerFake({ projectId: PROJECT });
      const grpc = await startWire(fake, transport);
      const provider = providerFor(transport, grpc);
      return {
        provider,
        put: async (name, value) => fake.put(name, value),
        remove: async (name) => {
          fake.remove(name);
        },
        failNext: (code) => {
          const status = STATUS_FOR[code];
          if (status === undefined) throw new Error(`no gRPC status for ${code}`);
          fake.failNext(status);
        },
        teardown: () => closeAndCheckFake(fake, provider),
      };
    },
    capabilities: { binary: true, versions: true, write: true, list: true, leases: false },
  };
}
