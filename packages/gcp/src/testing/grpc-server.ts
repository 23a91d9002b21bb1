// The gRPC wire of Secret Manager v1: a local @grpc/grpc-js server on 127.0.0.1, its service
// definition loaded with @grpc/proto-loader from the .proto files @google-cloud/secret-manager
// ships (its `build/protos`) plus google-gax's `build/protos` (google/api, google/iam, google/rpc).
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FakeDispatcher, Outcome } from './fake-dispatch.js';
import { GRPC_STATUS } from './fake-status.js';
import type { FakeSecretStore, Page, SecretManagerOperation, SecretView, VersionView } from './fake-store.js';

export interface FakeGrpcServer {
  /** The port on 127.0.0.1. */
  readonly port: number;
  /**
   * Constructor options pointing a SecretManagerServiceClient at the server (insecure channel;
   * such a channel carries no call credentials, so the gRPC fake does not check a token).
   */
  readonly clientOptions: { apiEndpoint: string; port: number; sslCreds: unknown };
  /** Stops the server (in-flight calls are cancelled). */
  close(): Promise<void>;
}

type UnaryCall = { request: Record<string, unknown> };
type Callback = (error: { code: number; details: string } | null, response?: unknown) => void;

/** Where the protos are: resolved from this module, for the ESM and CJS builds alike. */
function protoDirs(): string[] {
  const base = typeof __filename === 'string' ? __filename : import.meta.url;
  const require = createRequire(base);
  const buildDir = (main: string) => path.join(path.dirname(path.dirname(main)), 'protos');
  return [buildDir(require.resolve('@google-cloud/secret-manager')), buildDir(require.resolve('google-gax'))];
}

export async function startGrpcServer(
  store: FakeSecretStore,
  dispatcher: FakeDispatcher,
): Promise<FakeGrpcServer> {
  const grpc = await import('@grpc/grpc-js');
  const protoLoader = await import('@grpc/proto-loader');
  const definition = protoLoader.loadSync('google/cloud/secretmanager/v1/service.proto', {
    includeDirs: protoDirs(),
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    google: {
      cloud: {
        secretmanager: {
          v1: { SecretManagerService: { service: import('@grpc/grpc-js').ServiceDefinition } };
        };
      };
    };
  };
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
        const code = outcome.fault === 'NETWORK_ERROR' ? GRPC_STATUS.UNAVAILABLE : GRPC_STATUS[outcome.fault];
        callback({ code, details: outcome.message });
        return;
      }
      callback(null, encode(outcome.ok));
    };
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
      const view = store.accessSecretVersion({ name: text(r.name) ?? '' });
      const checksum = view.dataCrc32c === undefined ? {} : { dataCrc32c: view.dataCrc32c };
      return { name: view.name, payload: { data: view.data, ...checksum } };
    }),
    GetSecretVersion: unary('GetSecretVersion', 'name', (r) =>
      store.getSecretVersion({ name: text(r.name) ?? '' }),
    ),
    AddSecretVersion: unary('AddSecretVersion', 'parent', (r) => {
      const payload = (r.payload ?? {}) as { data?: Uint8Array; dataCrc32c?: string };
      return store.addSecretVersion({
        parent: text(r.parent) ?? '',
        ...(payload.data === undefined ? {} : { data: new Uint8Array(payload.data) }),
        ...(payload.dataCrc32c === undefined ? {} : { dataCrc32c: String(payload.dataCrc32c) }),
      });
    }),
    CreateSecret: unary('CreateSecret', 'parent', (r) => {
      const secret = (r.secret ?? {}) as { replication?: unknown };
      return store.createSecret({
        parent: text(r.parent) ?? '',
        secretId: text(r.secretId) ?? '',
        hasReplication: typeof secret.replication === 'object' && secret.replication !== null,
      });
    }),
    DeleteSecret: unary('DeleteSecret', 'name', (r) => store.deleteSecret({ name: text(r.name) ?? '' })),
    ListSecrets: unary('ListSecrets', 'parent', (r) => listBody('secrets', store.listSecrets(listArgs(r)))),
    ListSecretVersions: unary('ListSecretVersions', 'parent', (r) =>
      listBody('versions', store.listSecretVersions({ ...listArgs(r), filter: text(r.filter) ?? '' })),
    ),
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });

  return {
    port,
    clientOptions: { apiEndpoint: '127.0.0.1', port, sslCreds: grpc.credentials.createInsecure() },
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
