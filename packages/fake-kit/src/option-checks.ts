// Checks of the options a fake host takes, as plain functions: anything that would let a request
// reach the network (msw 2's option name, a weaker strategy) or bind beyond loopback throws here.

const RENAMED =
  'msw 3 renamed `onUnhandledRequest` to `onUnhandledFrame` and silently ignores the old name (unhandled ' +
  "requests would then go out to the network); fakes always listen with { onUnhandledFrame: 'error' }";

function entriesOf(what: string, options: unknown): Array<[string, unknown]> {
  if (options === undefined) return [];
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`${what}: options must be an object`);
  }
  return Object.entries(options);
}

/** `createFakeServer(handlers, options)`: handlers an array, options only `onUnhandled`. */
export function checkHostArguments(handlers: unknown, options: unknown): void {
  if (!Array.isArray(handlers)) {
    throw new TypeError(
      'createFakeServer: pass the handlers as one array: createFakeServer([a, b], options)',
    );
  }
  for (const [key, value] of entriesOf('createFakeServer', options)) {
    if (key === 'onUnhandledRequest') throw new TypeError(`createFakeServer: ${RENAMED}; pass no option`);
    if (key !== 'onUnhandled') {
      throw new TypeError(`createFakeServer: unknown option "${key}"; expected one of: onUnhandled`);
    }
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError('createFakeServer: onUnhandled must be a function');
    }
  }
}

/** `listen(options)`: nothing but `onUnhandledFrame: 'error'`, which is what it does anyway. */
export function checkListenOptions(options: unknown): void {
  for (const [key, value] of entriesOf('listen', options)) {
    if (key === 'onUnhandledRequest') throw new TypeError(`listen: ${RENAMED}, so pass no option`);
    if (key !== 'onUnhandledFrame') {
      throw new TypeError(`listen: unknown option "${key}"; fakes take no listen options`);
    }
    if (value !== undefined && value !== 'error') {
      throw new TypeError(
        `listen: fakes always listen with { onUnhandledFrame: 'error' }, not ${String(value)}`,
      );
    }
  }
}

/** What `listenOnSocket(options)` resolves to: a port, and the origin the handlers see (or none). */
export interface CheckedSocketOptions {
  port: number;
  origin: string | undefined;
}

/** `listenOnSocket(options)`: a port in 0–65535 and an http(s) origin; no host (always 127.0.0.1). */
export function checkSocketOptions(options: unknown): CheckedSocketOptions {
  const checked: CheckedSocketOptions = { port: 0, origin: undefined };
  for (const [key, value] of entriesOf('listenOnSocket', options)) {
    if (key === 'port') {
      if (value === undefined) continue;
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 65535) {
        throw new TypeError('listenOnSocket: port must be an integer from 0 to 65535 (0: any free port)');
      }
      checked.port = value as number;
    } else if (key === 'origin') {
      if (value === undefined) continue;
      const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
      if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new TypeError(
          'listenOnSocket: origin must be an http(s) URL such as https://service.example.test',
        );
      }
      checked.origin = url.origin;
    } else if (key === 'host') {
      throw new TypeError('listenOnSocket: the socket listens on 127.0.0.1 only; there is no host option');
    } else {
      throw new TypeError(`listenOnSocket: unknown option "${key}"; expected one of: port, origin`);
    }
  }
  return checked;
}
