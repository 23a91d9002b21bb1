// Binding the agent's server: a TCP address, or a unix socket created mode 0600 (umask 0177 while it
// is made, then chmod, so it is never reachable by others). A stale socket file left by a crashed
// agent is replaced; a live one, or any other kind of file, is not. Bind errors become SecretsErrors
// with the exit code they deserve (in use 69, permission 77, no such directory 66, else 64).
import { chmod, lstat, unlink } from 'node:fs/promises';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { SecretsError } from '@secretkit/core';
import type { TcpAddress } from './listen-address.js';

export interface BoundAddress {
  url: string | undefined;
  socketPath: string | undefined;
  address: string;
  /** Removes the socket file (after the server closed). */
  cleanup(): Promise<void>;
}

function bindError(error: unknown, where: string): SecretsError {
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (errno) {
    case 'EADDRINUSE':
      return new SecretsError('UNAVAILABLE', `${where}: address already in use`);
    case 'EACCES':
    case 'EPERM':
      return new SecretsError('ACCESS_DENIED', `${where}: permission denied`);
    case 'ENOENT':
    case 'ENOTDIR':
      return new SecretsError('NOT_FOUND', `${where}: no such directory`);
    default:
      return new SecretsError('CONFIG', `${where}: cannot listen (${errno ?? 'error'})`);
  }
}

function listen(server: Server, target: { port: number; host: string } | { path: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(target, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** True when something answers on the unix socket at `path`. */
function isLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect({ path });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

async function listenOnSocket(server: Server, path: string): Promise<void> {
  const where = `--socket ${path}`;
  const previous = process.umask(0o177);
  try {
    try {
      await listen(server, { path });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw bindError(error, where);
      const stat = await lstat(path).catch(() => undefined);
      if (stat === undefined || !stat.isSocket()) throw bindError(error, `${where} (exists, not a socket)`);
      if (await isLive(path)) throw bindError(error, where);
      await unlink(path); // left by an agent that did not shut down
      await listen(server, { path }).catch((again: unknown) => {
        throw bindError(again, where);
      });
    }
  } finally {
    process.umask(previous);
  }
  await chmod(path, 0o600);
}

export async function listenOn(
  server: Server,
  target: TcpAddress | { socketPath: string },
): Promise<BoundAddress> {
  if ('socketPath' in target) {
    const path = target.socketPath;
    await listenOnSocket(server, path);
    return {
      url: undefined,
      socketPath: path,
      address: `unix:${path}`,
      cleanup: () => unlink(path).catch(() => undefined),
    };
  }
  const where = `--listen ${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  await listen(server, { host: target.host, port: target.port }).catch((error: unknown) => {
    throw bindError(error, where);
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : target.port;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return {
    url: `http://${host}:${port}`,
    socketPath: undefined,
    address: `${host}:${port}`,
    cleanup: async () => {},
  };
}
