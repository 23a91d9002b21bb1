// render --exec's runner: /bin/sh -c, SECRETKIT_* removed, and a timeout that stops the whole group.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOOK_TIMEOUT_MS, runHook } from '../src/shell-hook.js';
import { tempDir, waitFor } from './helpers.js';

let dir: { path: string; cleanup(): void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  delete process.env.SECRETKIT_HOOK_PROBE;
  dir.cleanup();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runHook', () => {
  it('defaults to the contract’s 30 s timeout', () => {
    expect(HOOK_TIMEOUT_MS).toBe(30_000);
  });

  it('runs through /bin/sh -c with the environment minus SECRETKIT_*', async () => {
    process.env.SECRETKIT_HOOK_PROBE = 'must-not-arrive';
    process.env.HOOK_PLAIN = 'arrives';
    const out = join(dir.path, 'out');
    const result = await runHook(`echo "$HOOK_PLAIN:\${SECRETKIT_HOOK_PROBE:-unset}" > '${out}'; exit 3`);
    expect(result).toEqual({ kind: 'exited', code: 3, signal: null });
    expect(readFileSync(out, 'utf8')).toBe('arrives:unset\n');
  });

  it('stops the hook and everything it started when the timeout passes', async () => {
    const pidFile = join(dir.path, 'pid');
    const started = Date.now();
    const result = await runHook(`sleep 30 & echo $! > '${pidFile}'; wait`, { timeoutMs: 300 });
    expect(result).toEqual({ kind: 'timed-out' });
    expect(Date.now() - started).toBeLessThan(5_000);
    await waitFor(() => existsSync(pidFile), 'the pid file');
    const background = Number(readFileSync(pidFile, 'utf8'));
    await waitFor(() => !alive(background), 'the background sleep to be gone');
  });
});
