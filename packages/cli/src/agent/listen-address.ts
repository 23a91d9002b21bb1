// Where the agent listens: `--listen HOST:PORT` parsed (IPv6 in brackets), and whether that is
// loopback. Anything else needs --allow-remote (DESIGN §10). Pure: no lookups, no sockets.
import { BlockList, isIP } from 'node:net';
import { usageError } from '../report.js';

/** The AWS Secrets Manager Agent's port, so programs written for it find this one. */
export const DEFAULT_PORT = 2773;
export const DEFAULT_LISTEN = `127.0.0.1:${DEFAULT_PORT}`;

export interface TcpAddress {
  /** What to bind: an IP literal, or a host name (only with --allow-remote). */
  host: string;
  /** 0 picks a free port (the startup log line says which). */
  port: number;
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped forms; false for names and other addresses. */
export function isLoopbackAddress(host: string): boolean {
  const family = isIP(host);
  return family !== 0 && loopback.check(host, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * `127.0.0.1:2773`, `[::1]:2773`, `localhost:2773` (bound as 127.0.0.1, never looked up: a hosts
 * file could point it elsewhere). CONFIG naming the flag for anything malformed.
 */
export function parseListenAddress(text: string, origin = '--listen'): TcpAddress {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (match === null) {
    throw usageError(`${origin} must be HOST:PORT, such as ${DEFAULT_LISTEN} or [::1]:${DEFAULT_PORT}`);
  }
  const bracketed = match[1];
  const host = bracketed ?? match[2]!;
  if (bracketed !== undefined && isIP(bracketed) !== 6) {
    throw usageError(`${origin}: only an IPv6 address goes in brackets`);
  }
  const port = Number(match[3]);
  if (port > 65_535) throw usageError(`${origin}: the port must be from 0 to 65535`);
  return { host: host.toLowerCase() === 'localhost' ? '127.0.0.1' : host, port };
}

/** CONFIG unless `address` is loopback or remote listening was allowed. */
export function assertListenAllowed(address: TcpAddress, allowRemote: boolean, origin = '--listen'): void {
  if (allowRemote || isLoopbackAddress(address.host)) return;
  throw usageError(
    `${origin}: ${address.host} is not a loopback address; the agent listens on 127.0.0.1, ::1 or a ` +
      'unix socket unless --allow-remote is given (the token is still required)',
  );
}
