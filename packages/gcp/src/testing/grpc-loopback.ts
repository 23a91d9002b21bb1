// What both gRPC fakes (Secret Manager's and Pub/Sub's) do to serve a Google API on 127.0.0.1: load
// a service from the .proto files the client packages ship with @grpc/proto-loader, and bind a server.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Server } from '@grpc/grpc-js';

type Grpc = typeof import('@grpc/grpc-js');

/** A `require` that resolves packages from this module, for the ESM and CJS builds alike. */
export function requireFromHere() {
  return createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
}

/** The `protos` folder beside the build folder of a package's main module (its `build/protos`). */
export function protosBeside(main: string): string {
  return path.join(path.dirname(path.dirname(main)), 'protos');
}

/**
 * grpc-js and the package definition of `protoFile` (typed as the caller says it is), searched for
 * in the folders `protoDirs()` names once both modules have loaded.
 */
export async function loadGrpcPackage<Loaded>(
  protoFile: string,
  protoDirs: () => string[],
): Promise<{ grpc: Grpc; loaded: Loaded }> {
  const grpc = await import('@grpc/grpc-js');
  const protoLoader = await import('@grpc/proto-loader');
  const definition = protoLoader.loadSync(protoFile, {
    includeDirs: protoDirs(),
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  return { grpc, loaded: grpc.loadPackageDefinition(definition) as unknown as Loaded };
}

/** Binds `server` to a free port on 127.0.0.1, without TLS; resolves with the port. */
export function bindLoopback(grpc: Grpc, server: Server): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
}
