// render --exec: a command run through /bin/sh -c after each rewrite, in its own process group so a
// timeout (30 s, as Vault Agent's exec) stops everything it started. Its output may be masked too.
import { spawn } from 'node:child_process';
import { withoutReserved } from './child-env.js';
import { createMaskingStream, type MaskSet } from './masking.js';

export const HOOK_TIMEOUT_MS = 30_000;
/** After the timeout's SIGTERM, how long before SIGKILL. */
export const HOOK_KILL_GRACE_MS = 2_000;

export type HookResult =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null }
  | { kind: 'timed-out' }
  | { kind: 'spawn-failed'; errno: string };

export interface HookOptions {
  /** @default HOOK_TIMEOUT_MS */
  timeoutMs?: number;
  /** Values to mask in the hook's output; undefined lets it inherit stdout and stderr. */
  mask?: MaskSet;
  /** Aborting stops the hook (SIGTERM to its process group), as a timeout does. */
  signal?: AbortSignal;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Runs `command` with secretkit's environment minus SECRETKIT_*; settles when it ends or times out. */
export function runHook(command: string, options: HookOptions = {}): Promise<HookResult> {
  const timeoutMs = options.timeoutMs ?? HOOK_TIMEOUT_MS;
  const { mask } = options;
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      env: withoutReserved(process.env),
      stdio: ['ignore', mask ? 'pipe' : 'inherit', mask ? 'pipe' : 'inherit'],
      detached: true,
    });
    if (mask) {
      child.stdout?.pipe(createMaskingStream(mask)).pipe(process.stdout, { end: false });
      child.stderr?.pipe(createMaskingStream(mask)).pipe(process.stderr, { end: false });
    }
    let timedOut = false;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      if (child.pid === undefined || killTimer !== undefined) return;
      const pid = child.pid;
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), HOOK_KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, timeoutMs);
    options.signal?.addEventListener('abort', stop, { once: true });
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid !== undefined) return;
      clearTimeout(timer);
      resolve({ kind: 'spawn-failed', errno: error.code ?? 'UNKNOWN' });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', stop);
      resolve(timedOut ? { kind: 'timed-out' } : { kind: 'exited', code, signal });
    });
  });
}
