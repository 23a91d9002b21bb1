// Test network guard: layer 2 of DESIGN.md §7, loaded as a vitest setup file by every project
// (vitest.shared.ts). Tests may only reach loopback: 127.0.0.0/8, ::1 (also ::ffff:127.x), the name
// `localhost`, and unix sockets. Everything else is refused before a packet leaves the process:
//
// - DNS: `dns.lookup`, `dns.promises.lookup`, `lookupService`, every `resolve*`/`reverse` (module
//   functions and both `Resolver` classes) fail asynchronously for any other name. Only the name
//   `localhost` and loopback IP literals pass. (c-ares sends even a `resolve*('localhost')` query to
//   the configured nameserver; only that one name can leak, and nothing connects anywhere.)
// - Sockets: `net.Socket.prototype.connect`, which `net`/`tls`/`http`/`https`/`http2`/undici `fetch`/
//   `@grpc/grpc-js` all end up in, never opens a connection to another host: it records the attempt
//   and destroys the socket on the next tick, so the caller sees an ordinary `error` event.
//   A connect with its own `lookup` function (msw 3 mocks connections that way: its lookup answers
//   127.0.0.1 and the socket's handle is fake) is judged by the address that lookup yields instead.
//
// Every refusal is recorded as a violation, and an `afterEach` registered here fails the test that
// made it even when the code under test swallowed the error. A test that provokes one on purpose
// asserts it with `takeNetworkViolations()`, which also clears it.
//
// The patches are installed once per process (setup files run once per test file, and the vm pools
// share node's builtins across files): the state lives on `process` under a registered symbol.
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { afterAll, afterEach } from 'vitest';

export type NetworkViolationKind = 'dns' | 'connect' | 'unhandled-request';

export interface NetworkViolation {
  /** `dns`: a name lookup; `connect`: a socket connect; `unhandled-request`: an msw fake's catch-all. */
  kind: NetworkViolationKind;
  /** The host name or address that was asked for. */
  host: string;
  /** The port, for connects and requests; `undefined` for DNS. */
  port: number | undefined;
  /** Which API refused it, e.g. `dns.promises.lookup`, `net.Socket#connect`, `msw catch-all`. */
  via: string;
  /** For `unhandled-request`: the method and URL. */
  request?: { method: string; url: string };
  /** Where the attempt was made, to find the code that reached out. */
  stack: string;
}

export const GUARD_ERROR_CODE = 'ERR_TEST_NETWORK_GUARD';

/** Returns the violations recorded since the last call (or the last test) and clears them. */
export function takeNetworkViolations(): NetworkViolation[] {
  return guard.violations.splice(0);
}

/**
 * Records a violation found by another layer (the msw helper's catch-all uses it), so the same
 * `afterEach` fails the test and `takeNetworkViolations()` returns it.
 */
export function recordNetworkViolation(violation: Omit<NetworkViolation, 'stack'>): NetworkViolation {
  const recorded = { ...violation, stack: callerStack() };
  guard.violations.push(recorded);
  return recorded;
}

/** Whether the guard lets a test reach this host (a name or an IP literal, brackets allowed). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return bare.toLowerCase() === 'localhost' || isLoopbackAddress(bare);
}

// ---------------------------------------------------------------------------------------------
// Layer 3 must be in place too: the cloud SDKs' own metadata probes are switched off by env.

for (const [name, expected] of [
  ['AWS_EC2_METADATA_DISABLED', 'true'],
  ['METADATA_SERVER_DETECTION', 'none'],
] as const) {
  if (process.env[name] !== expected) {
    throw new Error(
      `test network guard: ${name} must be "${expected}" in every test project (found ${JSON.stringify(process.env[name])}). ` +
        'Build the project config with packageProject() from vitest.shared.ts, which sets it (DESIGN.md §7).',
    );
  }
}

// ---------------------------------------------------------------------------------------------

interface GuardState {
  violations: NetworkViolation[];
}

const loopback = new net.BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const STATE_KEY = Symbol.for('secretkit.test-network-guard');
const processWithGuard = process as typeof process & { [STATE_KEY]?: GuardState };
const guard: GuardState = processWithGuard[STATE_KEY] ?? install();

function isLoopbackAddress(address: string): boolean {
  const bare = address.split('%')[0] ?? ''; // drop an IPv6 zone id (`::1%lo`)
  const family = net.isIP(bare);
  // BlockList matches IPv4-mapped IPv6 (::ffff:127.0.0.1, ::ffff:7f00:1) against the IPv4 subnet.
  return family !== 0 && loopback.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

// The frames of the code that reached out: without the guard's own, msw's (whose catch-all has no
// caller frames worth showing; its violation names the request instead) and vitest's runner.
const NOISE =
  /network-guard\.ts|test-setup\/msw\.ts|packages\/fake-kit\/src\/|@secretkit\/fake-kit\/|node_modules\/(msw|until-async|vitest)\/|node:internal\//;

function callerStack(): string {
  const lines = (new Error().stack ?? '').split('\n').slice(1);
  return lines.filter((line) => !NOISE.test(line)).join('\n');
}

type Callback = (...args: unknown[]) => void;
type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;
/** Wraps a DNS function as `via` (`syscall` in its errors); `port` reads a port from its arguments. */
type DnsGuard = (
  original: AnyFunction,
  via: string,
  syscall: string,
  port?: (args: unknown[]) => number,
) => AnyFunction;

function install(): GuardState {
  const state: GuardState = { violations: [] };
  Object.defineProperty(process, STATE_KEY, { value: state, enumerable: false });
  // Captured now so a test faking `process.nextTick` cannot stall a refusal.
  const nextTick = process.nextTick.bind(process);

  const refuse = (
    kind: 'dns' | 'connect',
    host: string,
    port: number | undefined,
    via: string,
    syscall: string,
  ): NodeJS.ErrnoException => {
    state.violations.push({ kind, host, port, via, stack: callerStack() });
    const target = port === undefined ? host : `${host}:${port}`;
    const error: NodeJS.ErrnoException & { hostname?: string } = new Error(
      `test network guard refused ${kind === 'dns' ? 'DNS lookup of' : 'connection to'} ${target} ` +
        `(${via}): tests may only reach loopback (127.0.0.0/8, ::1, localhost), see DESIGN.md §7`,
    );
    error.code = GUARD_ERROR_CODE;
    error.syscall = syscall;
    error.hostname = host;
    return error;
  };

  // The name a DNS call's first argument asks for, when the guard refuses it: any non-empty name
  // but loopback's. Anything else, including arguments Node itself rejects, goes to the original.
  const refusedName = (args: unknown[]): string | undefined => {
    const [target] = args;
    return typeof target === 'string' && target !== '' && !isLoopbackHost(target) ? target : undefined;
  };

  // A callback-style function (last argument is the callback): refusals call back on the next
  // tick, like a failed lookup.
  const guardCallback: DnsGuard = (original, via, syscall, port) => {
    const guarded = function (this: unknown, ...args: unknown[]): unknown {
      const target = refusedName(args);
      const callback = args[args.length - 1];
      if (target !== undefined && typeof callback === 'function') {
        const error = refuse('dns', target, port?.(args), via, syscall);
        nextTick(() => (callback as Callback)(error));
        return undefined;
      }
      return Reflect.apply(original, this, args);
    };
    // dns.lookup/lookupService carry util.promisify's hidden argument names on a symbol; without it
    // `promisify(dns.lookup)` would resolve to a bare address string instead of { address, family }.
    for (const key of Reflect.ownKeys(original)) {
      if (typeof key === 'symbol')
        Object.defineProperty(guarded, key, Object.getOwnPropertyDescriptor(original, key)!);
    }
    return guarded;
  };

  // A promise-returning function: refusals reject.
  const guardPromise: DnsGuard = (original, via, syscall, port) =>
    function (this: unknown, ...args: unknown[]): unknown {
      const target = refusedName(args);
      if (target !== undefined) return Promise.reject(refuse('dns', target, port?.(args), via, syscall));
      return Reflect.apply(original, this, args);
    };

  const patch = <T extends object>(owner: T, key: string, wrap: (original: AnyFunction) => AnyFunction) => {
    const original = (owner as Record<string, unknown>)[key];
    if (typeof original === 'function')
      (owner as Record<string, unknown>)[key] = wrap(original as AnyFunction);
  };

  const servicePort = (args: unknown[]) => Number(args[1]);
  const lookupFunctions = new Set<unknown>([dns.lookup]); // Node's own lookup and (below) the guarded one
  patch(dns, 'lookup', (original) => guardCallback(original, 'dns.lookup', 'getaddrinfo'));
  patch(dns, 'lookupService', (original) =>
    guardCallback(original, 'dns.lookupService', 'getnameinfo', servicePort),
  );
  patch(dns.promises, 'lookup', (original) => guardPromise(original, 'dns.promises.lookup', 'getaddrinfo'));
  patch(dns.promises, 'lookupService', (original) =>
    guardPromise(original, 'dns.promises.lookupService', 'getnameinfo', servicePort),
  );

  // resolve4, resolveTxt, ..., resolve, reverse: on both Resolver classes, and on the module
  // functions, which are bound copies of the default resolver's methods (dns.setServers() rebinds
  // them from the patched prototype, so they stay guarded).
  const resolverMethods = Object.getOwnPropertyNames(dns.Resolver.prototype).filter(
    (name) => name.startsWith('resolve') || name === 'reverse',
  );
  for (const name of resolverMethods) {
    const syscall = name === 'reverse' ? 'getHostByAddr' : name;
    patch(dns.Resolver.prototype, name, (original) =>
      guardCallback(original, `dns.Resolver#${name}`, syscall),
    );
    patch(dns, name, (original) => guardCallback(original, `dns.${name}`, syscall));
    patch(dns.promises.Resolver.prototype, name, (original) =>
      guardPromise(original, `dns.promises.Resolver#${name}`, syscall),
    );
    patch(dns.promises, name, (original) => guardPromise(original, `dns.promises.${name}`, syscall));
  }

  lookupFunctions.add(dns.lookup);

  // ---- sockets ----
  const originalConnect = net.Socket.prototype.connect as unknown as AnyFunction;
  const watched = new WeakSet<net.Socket>();

  // After a lookup Node emits `lookup` on the socket and then returns without connecting if the socket
  // is no longer `connecting`; destroying it in that listener stops a connect to whatever the lookup
  // returned (a custom lookup's answer, or the hosts file's for `localhost`).
  const watchLookup = (socket: net.Socket, port: number | undefined) => {
    if (watched.has(socket)) return;
    watched.add(socket);
    socket.prependListener('lookup', (error: unknown, address: unknown, _family: unknown, host: unknown) => {
      if (error || typeof address !== 'string' || isLoopbackAddress(address)) return;
      socket.destroy(
        refuse('connect', `${String(host)} (${address})`, port, 'net.Socket#connect lookup', 'connect'),
      );
    });
  };

  function guardedConnect(this: net.Socket, ...args: unknown[]): unknown {
    const target = connectTarget(args);
    if (target !== undefined) {
      const ipLiteral = net.isIP(target.host) !== 0;
      if (!isLoopbackHost(target.host) && (ipLiteral || !target.customLookup)) {
        const error = refuse('connect', target.host, target.port, 'net.Socket#connect', 'connect');
        // Look like a connect in progress (writes queue instead of failing with "socket closed"), and
        // fail it on the next tick: callers such as tls.connect() and undici still touch the socket
        // and attach their `error` listeners after connect() returns.
        (this as { connecting: boolean }).connecting = true;
        nextTick(() => {
          if (!this.destroyed) this.destroy(error);
        });
        return this;
      }
      if (!ipLiteral) watchLookup(this, target.port);
    }
    return Reflect.apply(originalConnect, this, args);
  }

  // Mirrors lib/net.js normalizeArgs(): connect(options[, cb]), connect(port[, host][, cb]),
  // connect(path[, cb]), and the already-normalized `[options, cb]` array (tagged with Node's internal
  // `normalizedArgs` symbol) that net.connect()/tls.connect() pass. Returns undefined for unix socket
  // paths and for arguments Node will reject itself (no port): those go to Node as they are.
  function connectTarget(
    args: unknown[],
  ): { host: string; port: number | undefined; customLookup: boolean } | undefined {
    let options: Record<string, unknown>;
    const [first] = args;
    if (
      Array.isArray(first) &&
      Object.getOwnPropertySymbols(first).some((s) => s.description === 'normalizedArgs')
    ) {
      const normalized: unknown = first[0];
      options =
        typeof normalized === 'object' && normalized !== null ? (normalized as Record<string, unknown>) : {};
    } else if (typeof first === 'object' && first !== null) {
      options = first as Record<string, unknown>;
    } else if (typeof first === 'string' && !(Number(first) >= 0)) {
      return undefined; // a pipe / unix socket path
    } else {
      options = { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
    }
    if (options.path) return undefined;
    if (options.port === undefined) return undefined;
    const host = options.host || 'localhost';
    if (typeof host !== 'string') return undefined;
    const port = Number(options.port);
    const lookup = options.lookup;
    return {
      host,
      port: Number.isNaN(port) ? undefined : port,
      customLookup: typeof lookup === 'function' && !lookupFunctions.has(lookup),
    };
  }

  net.Socket.prototype.connect = guardedConnect as unknown as typeof net.Socket.prototype.connect;

  // ESM importers of node:dns (`import { lookup } from 'node:dns'`) see the patched functions too.
  syncBuiltinESMExports();
  return state;
}

// ---------------------------------------------------------------------------------------------
// Registered on every evaluation (once per test file). Setup-file hooks are registered first, so
// with vitest's default stacked hook order they run last and also see what the test's own
// afterEach/afterAll hooks did.

function failOnViolations(when: string): void {
  const violations = takeNetworkViolations();
  if (violations.length === 0) return;
  const lines = violations.map((v) => {
    const target = v.port === undefined ? v.host : `${v.host}:${v.port}`;
    const request = v.request ? ` ${v.request.method} ${v.request.url}` : '';
    return `  - ${v.kind} ${target} via ${v.via}${request}`;
  });
  const stack = violations.find((v) => v.stack !== '')?.stack;
  throw new Error(
    `test network guard: ${when} tried to reach ${violations.length} non-loopback address(es) (DESIGN.md §7):\n` +
      `${lines.join('\n')}\n` +
      'Tests may only reach loopback (127.0.0.0/8, ::1, localhost). Mock the service (test-setup/msw.ts) or ' +
      'point it at a loopback fake; a test that provokes this on purpose asserts it with takeNetworkViolations().' +
      (stack ? `\nFirst attempt was made at:\n${stack}` : ''),
  );
}

afterEach(() => failOnViolations('this test'));
afterAll(() => failOnViolations('a hook of this file'));
