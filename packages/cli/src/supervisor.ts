// The child's lifecycle under `run` (DESIGN §10): forwards SIGINT, SIGTERM, SIGHUP, SIGQUIT,
// SIGUSR1 and SIGUSR2; restarts it on request (restart signal, kill timeout, SIGKILL, and the new
// child only once the old one is gone); and settles with the code secretkit exits with: the child's,
// 128 + n when a signal ended it, 127/126 when it could not be started.
import { type ChildHandle, spawnChild } from './child-process.js';
import { EXIT } from './exit-codes.js';
import type { MaskSet } from './masking.js';
import { say } from './report.js';
import { exitStatus, FORWARDED_SIGNALS, STOP_SIGNALS } from './signals.js';

export interface SupervisorOptions {
  command: string;
  args: readonly string[];
  /** The values to mask in the child's output, or undefined to let it inherit stdout and stderr. */
  mask: MaskSet | undefined;
  /** @default 'SIGTERM' */
  restartSignal: NodeJS.Signals;
  /** How long a child may take to stop after the restart signal before SIGKILL. @default 10 s */
  killTimeoutMs: number;
}

export class Supervisor {
  readonly #options: SupervisorOptions;
  #child: ChildHandle | undefined;
  /** The child being stopped for a restart, and the environment its successor gets. */
  #restart:
    | { child: ChildHandle; env: Record<string, string>; killTimer: ReturnType<typeof setTimeout> }
    | undefined;
  /** A stop signal arrived: no restart any more, secretkit ends with the child. */
  #stopping = false;
  #finished = false;
  readonly #handlers = new Map<NodeJS.Signals, () => void>();
  readonly #done: Promise<number>;
  #settle!: (code: number) => void;

  constructor(options: SupervisorOptions) {
    this.#options = options;
    this.#done = new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  /** The exit code, once the last child is gone and its output written. */
  get done(): Promise<number> {
    return this.#done;
  }

  /** Whether a stop signal arrived (no restart will happen). */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** Starts the first child and begins forwarding signals. */
  start(env: Record<string, string>): void {
    for (const signal of FORWARDED_SIGNALS) {
      const handler = () => this.#forward(signal);
      this.#handlers.set(signal, handler);
      process.on(signal, handler);
    }
    this.#spawn(env);
  }

  /** Stops the running child and starts a new one with `env`; while one restart runs, the latest env wins. */
  restart(env: Record<string, string>): void {
    if (this.#finished || this.#stopping || this.#child === undefined) return;
    if (this.#restart !== undefined) {
      this.#restart.env = env;
      return;
    }
    const child = this.#child;
    const killTimer = setTimeout(() => child.kill('SIGKILL'), this.#options.killTimeoutMs);
    this.#restart = { child, env, killTimer };
    child.kill(this.#options.restartSignal);
  }

  /** Sends `signal` to the running child (on-change signal:SIG). */
  signal(signal: NodeJS.Signals): void {
    if (!this.#finished && this.#restart === undefined) this.#child?.kill(signal);
  }

  /** Stops forwarding signals (after `done`). */
  dispose(): void {
    for (const [signal, handler] of this.#handlers) process.off(signal, handler);
    this.#handlers.clear();
  }

  #forward(signal: NodeJS.Signals): void {
    if (this.#finished) return;
    if (STOP_SIGNALS.has(signal)) this.#stopping = true;
    this.#child?.kill(signal);
  }

  #spawn(env: Record<string, string>): void {
    const { command, args, mask } = this.#options;
    const child = spawnChild(command, args, env, mask);
    this.#child = child;
    void child.ended.then((end) => {
      if (end.kind === 'spawn-failed') {
        const notFound = end.errno === 'ENOENT';
        say(`cannot run "${command}": ${notFound ? 'command not found' : 'cannot execute'} (${end.errno})`);
        return this.#finish(child, notFound ? EXIT.COMMAND_NOT_FOUND : EXIT.CANNOT_EXECUTE);
      }
      const restart = this.#restart;
      if (restart?.child === child) {
        clearTimeout(restart.killTimer);
        this.#restart = undefined;
        if (!this.#stopping) return this.#spawn(restart.env); // the old child is gone: now the new one
      }
      return this.#finish(child, exitStatus(end.code, end.signal));
    });
  }

  async #finish(child: ChildHandle, code: number): Promise<void> {
    if (this.#finished) return;
    this.#finished = true;
    await child.outputDone;
    this.#settle(code);
  }
}
