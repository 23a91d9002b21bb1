// One child of `run`: spawned without a shell, stdin inherited; stdout and stderr either inherited
// (the child keeps the terminal) or piped through the masking filter to secretkit's own.
import { type ChildProcess, spawn } from 'node:child_process';
import { finished } from 'node:stream/promises';
import { createMaskingStream, type MaskSet } from './masking.js';

export type ChildEnd =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null }
  | { kind: 'spawn-failed'; errno: string };

export interface ChildHandle {
  readonly pid: number | undefined;
  /** Settles once the process is gone (or could not start). */
  readonly ended: Promise<ChildEnd>;
  /** Settles once its output has been written out (masking) — at most `OUTPUT_GRACE_MS` after it ended. */
  readonly outputDone: Promise<void>;
  /** Sends a signal; false when the process is already gone. */
  kill(signal: NodeJS.Signals): boolean;
}

/** How long output may keep flowing after the child ended (a grandchild may hold the pipe open). */
export const OUTPUT_GRACE_MS = 2_000;

function pipeMasked(
  source: NodeJS.ReadableStream & { destroy(): void },
  target: NodeJS.WriteStream,
  set: MaskSet,
) {
  const filter = createMaskingStream(set);
  // The reader of secretkit's output went away (EPIPE): stop reading, so the child sees it too.
  const onTargetError = () => source.destroy();
  target.on('error', onTargetError);
  source.pipe(filter).pipe(target, { end: false });
  return finished(filter)
    .catch(() => {})
    .finally(() => target.off('error', onTargetError));
}

export function spawnChild(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  mask: MaskSet | undefined,
): ChildHandle {
  const child: ChildProcess = spawn(command, args, {
    env,
    stdio: ['inherit', mask ? 'pipe' : 'inherit', mask ? 'pipe' : 'inherit'],
    shell: false,
  });
  const ended = new Promise<ChildEnd>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) resolve({ kind: 'spawn-failed', errno: error.code ?? 'UNKNOWN' });
    });
    child.once('exit', (code, signal) => resolve({ kind: 'exited', code, signal }));
  });
  const outputs: Array<Promise<void>> = [];
  if (mask && child.stdout && child.stderr) {
    outputs.push(
      pipeMasked(child.stdout, process.stdout, mask),
      pipeMasked(child.stderr, process.stderr, mask),
    );
  }
  const outputDone = ended.then(async () => {
    let grace: ReturnType<typeof setTimeout> | undefined;
    const capped = new Promise<void>((resolve) => {
      grace = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        resolve();
      }, OUTPUT_GRACE_MS);
    });
    await Promise.race([Promise.all(outputs), capped]);
    clearTimeout(grace);
  });
  return {
    pid: child.pid,
    ended,
    outputDone,
    kill: (signal) => child.exitCode === null && child.signalCode === null && child.kill(signal),
  };
}
