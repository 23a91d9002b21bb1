// The gRPC wire of Secret Manager v1: a local @grpc/grpc-js server on 127.0.0.1, its service
// definition loaded with @grpc/proto-loader from the .proto files @google-cloud/secret-manager
// ships (its `build/protos`) plus google-gax's `build/protos` (google/api, google/iam, google/rpc).
import type { ClientOptions } from 'google-gax';
import type { FakeDispatcher, Outcome } from './fake-dispatch.js';
import { statusDetailsBin } from './fake-error-details.js';
import type { Fault } from './fake-faults.js';
import type { SecretManagerRpcs } from './fake-rpcs.js';
import { GRPC_STATUS } from './fake-status.js';
import type { SecretManagerOperation } from './fake-store.js';
import type { Page, SecretView, VersionView } from './fake-views.js';
import { bindLoopback, loadGrpcPackage, protosBeside, requireFromHere } from './grpc-loopback.js';

/**
 * Constructor options pointing a SecretManagerServiceClient at a local gRPC server: gax's
 * `ClientOptions` fields with the SDK's own types, so it is assignable to `ClientOptions` as is.
 */
export type GrpcClientOptions = {
  apiEndpoint: string;
  port: number;
  /** An insecure channel (`credentials.createInsecure()`), typed as the SDK's own `sslCreds`. */
  sslCreds: NonNullable<ClientOptions['sslCreds']>;
};

export interface FakeGrpcServer {
  /** The port on 127.0.0.1. */
  readonly port: number;
  /**
   * Constructor options pointing a SecretManagerServiceClient at the server (insecure channel;
   * such a channel carries no call credentials, so the gRPC fake does not check a token).
   */
  readonly clientOptions: GrpcClientOptions;
  /** Stops the server (in-flight calls are cancelled). */
  close(): Promise<void>;
}

type UnaryCall = { request: Record<string, unknown> };
type ServiceError = { code: number; details: string; metadata?: import('@grpc/grpc-js').Metadata };
type Callback = (error: ServiceError | null, response?: unknown) => void;

/** Where the protos are: resolved from this module, for the ESM and CJS builds alike. */
function protoDirs(): string[] {
  const require = requireFromHere();
  return [
    protosBeside(require.resolve('@google-cloud/secret-manager')),
    protosBeside(require.resolve('google-gax')),
  ];
}

export async function startGrpcServer(
  rpcs: SecretManagerRpcs,
  dispatcher: FakeDispatcher,
): Promise<FakeGrpcServer> {
  const { grpc, loaded } = await loadGrpcPackage<{
    google: {
      cloud: {
        secretmanager: {
          v1: { SecretManagerService: { service: import('@grpc/grpc-js').ServiceDefinition } };
        };
      };
    };
  }>('google/cloud/secretmanager/v1/service.proto', protoDirs);
  const service = loaded.google.cloud.secretmanager.v1.SecretManagerService.service;

  function unary(
    operation: SecretManagerOperation,
    resourceField: string,
    rpc: (request: Record<string, unknown>) => unknown,
  ) {
    return (call: UnaryCall, callback: Callback) => {
      const resource = call.request[resourceField];
      const outcome: Outcome<unknown> = dispatcher.run(
        { transport: 'grpc', operation, ...(typeof resource === 'string' ? { resource } : {}) },
        () => rpc(call.request),
      );
      if ('fault' in outcome) {
        callback(failure(outcome.fault));
        return;
      }
      callback(null, encode(outcome.ok));
    };
  }

  /** A fault as a status; a drop is UNAVAILABLE (grpc-js gives a server no way to reset one stream). */
  function failure(fault: Fault): ServiceError {
    if (fault.kind !== 'status') {
      return {
        code: GRPC_STATUS.UNAVAILABLE,
        details: fault.kind === 'drop' ? fault.message : 'raw answers are REST only',
      };
    }
    const code = GRPC_STATUS[fault.status];
    if (Object.keys(fault.details).length === 0) return { code, details: fault.message };
    const metadata = new grpc.Metadata();
    metadata.set('grpc-status-details-bin', statusDetailsBin(code, fault.message, fault.details));
    return { code, details: fault.message, metadata };
  }

  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const size = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const listArgs = (request: Record<string, unknown>) => ({
    parent: text(request.parent) ?? '',
    ...(size(request.pageSize) === undefined ? {} : { pageSize: size(request.pageSize)! }),
    ...(text(request.pageToken) === undefined ? {} : { pageToken: text(request.pageToken)! }),
  });

  const server = new grpc.Server();
  server.addService(service, {
    AccessSecretVersion: unary('AccessSecretVersion', 'name', (r) => {
      const view = rpcs.accessSecretVersion({ name: text(r.name) ?? '' });
      const checksum = view.dataCrc32c === undefined ? {} : { dataCrc32c: view.dataCrc32c };
      return { name: view.name, payload: { data: view.data, ...checksum } };
    }),
    GetSecretVersion: unary('GetSecretVersion', 'name', (r) =>
      rpcs.getSecretVersion({ name: text(r.name) ?? '' }),
    ),
    AddSecretVersion: unary('AddSecretVersion', 'parent', (r) => {
      const payload = (r.payload ?? {}) as { data?: Uint8Array; dataCrc32c?: string };
      return rpcs.addSecretVersion({
        parent: text(r.parent) ?? '',
        ...(payload.data === undefined ? {} : { data: new Uint8Array(payload.data) }),
        ...(payload.dataCrc32c === undefined ? {} : { dataCrc32c: String(payload.dataCrc32c) }),
      });
    }),
    CreateSecret: unary('CreateSecret', 'parent', (r) => {
      const secret = (r.secret ?? {}) as { replication?: unknown };
      return rpcs.createSecret({
        parent: text(r.parent) ?? '',
        secretId: text(r.secretId) ?? '',
        hasReplication: typeof secret.replication === 'object' && secret.replication !== null,
      });
    }),
    DeleteSecret: unary('DeleteSecret', 'name', (r) => rpcs.deleteSecret({ name: text(r.name) ?? '' })),
    ListSecrets: unary('ListSecrets', 'parent', (r) => listBody('secrets', rpcs.listSecrets(listArgs(r)))),
    ListSecretVersions: unary('ListSecretVersions', 'parent', (r) =>
      listBody('versions', rpcs.listSecretVersions({ ...listArgs(r), filter: text(r.filter) ?? '' })),
    ),
  });

  const port = await bindLoopback(grpc, server);

  return {
    port,
    clientOptions: {
      apiEndpoint: '127.0.0.1',
      port,
      sslCreds: grpc.credentials.createInsecure() as NonNullable<ClientOptions['sslCreds']>,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => server.forceShutdown(), 100).unref();
      }),
  };
}

function listBody(field: 'secrets' | 'versions', page: Page<SecretView | VersionView>) {
  return { [field]: page.items, nextPageToken: page.nextPageToken, totalSize: page.totalSize };
}

/** protobufjs objects: Timestamps as { seconds, nanos }, bytes as Buffers. */
function encode(value: unknown): unknown {
  if (value instanceof Date) {
    const ms = value.getTime();
    return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1e6 };
  }
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (Array.isArray(value)) return value.map(encode);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, encode(field)]));
  }
  return value;
}
