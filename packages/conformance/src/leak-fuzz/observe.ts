// Small helpers for scenarios to gather what a user would see: the error of a call (never its
// value, which may be the secret) and the log lines written meanwhile.
import { format } from 'node:util';

/**
 * The error `run` throws or rejects with; undefined when it succeeds. The value of a success is
 * dropped: a read returns the secret, which is no leak.
 */
export async function errorOf(run: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof run === 'function' ? run() : run);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Log lines recorded until `stop()`. */
export interface LogCapture {
  readonly lines: string[];
  /** Restores console and the standard streams. */
  stop(): void;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Records every console call and every write to process.stdout/stderr (SDK loggers, such as
 * Azure's, write there) until `stop()`, and `process.emitWarning` messages; nothing is printed
 * meanwhile. Call stop() in a `finally`.
 */
export function captureLogs(): LogCapture {
  const lines: string[] = [];
  const restore: Array<() => void> = [];
  for (const method of CONSOLE_METHODS) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      lines.push(format(...args));
    };
    restore.push(() => {
      console[method] = original;
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error) => {
    lines.push(typeof warning === 'string' ? warning : `${warning.name}: ${warning.message}`);
  }) as typeof process.emitWarning;
  restore.push(() => {
    process.emitWarning = emitWarning;
  });
  let stopped = false;
  return {
    lines,
    stop() {
      if (stopped) return;
      stopped = true;
      for (const undo of restore.reverse()) undo();
    },
  };
}

/**
 * What a user sees of one failing call, for a scenario to return: its error and the log lines
 * written meanwhile. `cleanup` (closing the provider under test, say) runs after either way.
 */
export async function observeCall(
  call: () => Promise<unknown>,
  cleanup?: () => unknown,
): Promise<{ error: unknown; logs: string[] }> {
  const logs = captureLogs();
  try {
    return { error: await errorOf(call), logs: logs.lines };
  } finally {
    logs.stop();
    await cleanup?.();
  }
}

/** The client surface `observeClientRead` needs (any SecretsClient). */
interface ObservableClient {
  on(event: 'error' | 'fetch' | 'rotate' | 'lease', listener: (event: unknown) => void): () => void;
  get(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * What a user of a client sees of one read: its error, every `error`, `fetch`, `rotate` and
 * `lease` event, and the log lines; the client is closed afterwards.
 */
export async function observeClientRead(
  client: ObservableClient,
  name: string,
): Promise<{ error: unknown; logs: string[]; events: unknown[] }> {
  const events: unknown[] = [];
  for (const kind of ['error', 'fetch', 'rotate', 'lease'] as const)
    client.on(kind, (event) => events.push(event));
  return {
    ...(await observeCall(
      () => client.get(name),
      () => client.close(),
    )),
    events,
  };
}
