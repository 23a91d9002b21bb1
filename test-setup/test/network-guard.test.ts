// The guard itself (network-guard.ts): loopback keeps working, everything else is refused before a
// connection is attempted and recorded as a violation. Every non-loopback target below is refused by
// the guard in the same tick it is asked for; no packet leaves the process.
import dns from 'node:dns';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GUARD_ERROR_CODE, type NetworkViolation, takeNetworkViolations } from '../network-guard.js';
import { getText } from './get-text.js';

let server: http.Server;
let port: number;
let base: string;

beforeAll(async () => {
  server = http.createServer((request, response) => response.end(`hello ${request.url}`));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as net.AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
});

/** Resolves with the socket's error; fails if it connects, or if any real connect attempt starts. */
function socketError(socket: net.Socket): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve, reject) => {
    socket.on('connectionAttempt', () => reject(new Error('a real connect was attempted')));
    socket.on('connect', () => reject(new Error('connected')));
    socket.on('error', resolve);
  });
}

function expectRefusal(error: unknown, target: string): void {
  expect(error).toBeInstanceOf(Error);
  expect(error).toMatchObject({ code: GUARD_ERROR_CODE });
  expect((error as Error).message).toContain(`test network guard refused`);
  expect((error as Error).message).toContain(target);
}

function violation(kind: NetworkViolation['kind'], host: string, port: number | undefined, via: string) {
  return { kind, host, port, via, stack: expect.any(String) };
}

describe('loopback stays reachable', () => {
  it('fetch reaches a loopback server', async () => {
    const response = await fetch(`${base}/fetch`);
    expect(await response.text()).toBe('hello /fetch');
    expect(takeNetworkViolations()).toEqual([]);
  });

  it('http.get reaches it by address and by the name localhost', async () => {
    expect((await getText(`${base}/get`)).body).toBe('hello /get');
    expect((await getText(`http://localhost:${port}/by-name`)).body).toBe('hello /by-name');
    expect(takeNetworkViolations()).toEqual([]);
  });

  it('net.connect reaches it through ::ffff:127.0.0.1 and through every call shape', async () => {
    const shapes: Array<() => net.Socket> = [
      () => net.connect(port, '127.0.0.1'),
      () => net.connect({ port, host: '::ffff:127.0.0.1' }),
      () => new net.Socket().connect(port, 'localhost'),
      () => new net.Socket().connect({ port }), // no host means localhost
    ];
    for (const open of shapes) {
      const socket = open();
      await once(socket, 'connect');
      socket.destroy();
    }
    expect(takeNetworkViolations()).toEqual([]);
  });

  it('unix socket paths are allowed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'network-guard-'));
    const unix = net.createServer((socket) => socket.end('over unix'));
    try {
      unix.listen(join(dir, 'guard.sock'));
      await once(unix, 'listening');
      const socket = net.connect(join(dir, 'guard.sock'));
      const [data] = (await once(socket, 'data')) as [Buffer];
      expect(data.toString()).toBe('over unix');
      socket.destroy();
    } finally {
      unix.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(takeNetworkViolations()).toEqual([]);
  });

  it('DNS answers for localhost, and promisify(dns.lookup) keeps its { address, family } result', async () => {
    const lookup = promisify(dns.lookup);
    const { address } = await lookup('localhost');
    expect(net.isIP(address)).not.toBe(0);
    const all = await dns.promises.lookup('localhost', { all: true });
    expect(all.length).toBeGreaterThan(0);
    expect(await dns.promises.lookup('127.0.0.1')).toEqual({ address: '127.0.0.1', family: 4 });
    expect(takeNetworkViolations()).toEqual([]);
  });

  it('a connect with its own lookup is judged by the address that lookup returns', async () => {
    // msw 3 connects intercepted sockets this way: a made-up host name, a lookup answering loopback.
    const toLoopback: net.LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    const socket = net.connect({ host: 'fake.example.test', port, lookup: toLoopback });
    await once(socket, 'connect');
    socket.destroy();
    expect(takeNetworkViolations()).toEqual([]);

    const elsewhere: net.LookupFunction = (_host, options, callback) => {
      if (options.all) callback(null, [{ address: '10.0.0.1', family: 4 }]);
      else callback(null, '10.0.0.1', 4);
    };
    const refused = net.connect({ host: 'fake.example.test', port: 80, lookup: elsewhere });
    expectRefusal(await socketError(refused), 'fake.example.test (10.0.0.1):80');
    expect(takeNetworkViolations()).toEqual([
      violation('connect', 'fake.example.test (10.0.0.1)', 80, 'net.Socket#connect lookup'),
    ]);
  });
});

describe('everything else is refused and recorded', () => {
  it('fetch to the instance-metadata address rejects', async () => {
    const error = await fetch('http://169.254.169.254/latest/meta-data/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expectRefusal((error as Error).cause, '169.254.169.254:80');
    expect(takeNetworkViolations()).toEqual([
      violation('connect', '169.254.169.254', 80, 'net.Socket#connect'),
    ]);
  });

  it('http.get to the instance-metadata address fails', async () => {
    const error = await getText('http://169.254.169.254/latest/meta-data/').catch((e: unknown) => e);
    expectRefusal(error, '169.254.169.254:80');
    expect(takeNetworkViolations()).toEqual([
      violation('connect', '169.254.169.254', 80, 'net.Socket#connect'),
    ]);
  });

  it('net.connect(80, "10.0.0.1") is refused before Node creates a TCP handle', async () => {
    const socket = net.connect(80, '10.0.0.1');
    // Recorded in the connect() call itself, and Node's connect (which creates the handle first
    // thing) never ran.
    expect(takeNetworkViolations()).toEqual([violation('connect', '10.0.0.1', 80, 'net.Socket#connect')]);
    expect((socket as unknown as { _handle: unknown })._handle).toBeNull();
    expect(socket.connecting).toBe(true);
    expectRefusal(await socketError(socket), '10.0.0.1:80');
    expect(socket.destroyed).toBe(true);
  });

  it('tls.connect(443, "example.com") fails', async () => {
    const socket = tls.connect(443, 'example.com');
    socket.on('secureConnect', () => expect.unreachable('TLS connected'));
    expectRefusal(await socketError(socket), 'example.com:443');
    expect(takeNetworkViolations()).toEqual([violation('connect', 'example.com', 443, 'net.Socket#connect')]);
  });

  it('http2.connect fails', async () => {
    const session = http2.connect('https://example.com');
    const [error] = (await once(session, 'error')) as [Error];
    expectRefusal(error, 'example.com:443');
    expect(takeNetworkViolations()).toEqual([violation('connect', 'example.com', 443, 'net.Socket#connect')]);
  });

  it('every connect() call shape is checked, including the normalized array net.connect passes', async () => {
    const shapes: Array<[() => net.Socket, string, number]> = [
      [() => new net.Socket().connect({ port: 443, host: '169.254.169.254' }), '169.254.169.254', 443],
      [() => new net.Socket().connect(80, 'example.com', () => {}), 'example.com', 80],
      [
        () => new net.Socket().connect('8200' as unknown as number, 'vault.example.com'),
        'vault.example.com',
        8200,
      ],
      [() => net.connect({ port: 80, host: '::ffff:10.0.0.1' }), '::ffff:10.0.0.1', 80],
      [() => net.createConnection(53, 'fd00::1'), 'fd00::1', 53],
      [() => net.connect({ port: 80, host: '0.0.0.0' }), '0.0.0.0', 80],
    ];
    for (const [open, host, port] of shapes) {
      const socket = open();
      expect(takeNetworkViolations()).toEqual([violation('connect', host, port, 'net.Socket#connect')]);
      expectRefusal(await socketError(socket), `${host}:${port}`);
    }
  });

  it('dns.lookup("metadata.google.internal") fails asynchronously', async () => {
    let sync = true;
    const error = await new Promise<unknown>((resolve) => {
      dns.lookup('metadata.google.internal', (e) => resolve(e));
      sync = false;
    });
    expect(sync).toBe(false);
    expectRefusal(error, 'metadata.google.internal');
    expect(takeNetworkViolations()).toEqual([
      violation('dns', 'metadata.google.internal', undefined, 'dns.lookup'),
    ]);
  });

  it('dns.promises.lookup("example.com") rejects', async () => {
    const error = await dns.promises.lookup('example.com').catch((e: unknown) => e);
    expectRefusal(error, 'example.com');
    expect(takeNetworkViolations()).toEqual([
      violation('dns', 'example.com', undefined, 'dns.promises.lookup'),
    ]);
  });

  it('resolve* and Resolver queries are refused', async () => {
    const viaCallback = await new Promise<unknown>((resolve) =>
      dns.resolve4('example.com', (e) => resolve(e)),
    );
    expectRefusal(viaCallback, 'example.com');
    const resolver = new dns.promises.Resolver();
    expectRefusal(
      await resolver.resolveTxt('_grpc_config.example.com').catch((e: unknown) => e),
      '_grpc_config',
    );
    expectRefusal(await dns.promises.reverse('8.8.8.8').catch((e: unknown) => e), '8.8.8.8');
    expect(takeNetworkViolations()).toEqual([
      violation('dns', 'example.com', undefined, 'dns.resolve4'),
      violation('dns', '_grpc_config.example.com', undefined, 'dns.promises.Resolver#resolveTxt'),
      violation('dns', '8.8.8.8', undefined, 'dns.promises.reverse'),
    ]);
  });
});

describe('setup', () => {
  const patched = () => [
    net.Socket.prototype.connect,
    dns.lookup,
    dns.promises.lookup,
    dns.resolveTxt,
    dns.Resolver.prototype.resolveTxt,
  ];

  it('evaluating the setup file again does not patch twice', async () => {
    const before = patched();
    vi.resetModules();
    await import('../network-guard.js');
    expect(patched()).toEqual(before);
    // Still exactly one record per refusal.
    const error = await dns.promises.lookup('example.com').catch((e: unknown) => e);
    expectRefusal(error, 'example.com');
    expect(takeNetworkViolations()).toHaveLength(1);
  });

  it('refuses to run without the metadata-probe switches of layer 3', async () => {
    const saved = process.env.METADATA_SERVER_DETECTION;
    vi.resetModules();
    try {
      delete process.env.METADATA_SERVER_DETECTION;
      await expect(import('../network-guard.js')).rejects.toThrow(/METADATA_SERVER_DETECTION must be "none"/);
    } finally {
      process.env.METADATA_SERVER_DETECTION = saved;
    }
  });
});
