// Signal names as flags take them, the signals `run` forwards to its child, and the exit status of
// a child ended by a signal (128 + n, as shells report it).
import { constants } from 'node:os';
import { usageError } from './report.js';

/** Forwarded to the child by `run` (DESIGN §10). */
export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;

/** Of the forwarded signals, those that ask secretkit itself to stop (a pending restart is dropped). */
export const STOP_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGINT', 'SIGTERM', 'SIGQUIT']);

/** `term`, `TERM`, `sigterm` or `SIGTERM` → `SIGTERM`; CONFIG naming the flag for anything else. */
export function parseSignal(text: string, flag: string): NodeJS.Signals {
  const upper = text.trim().toUpperCase();
  const name = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as NodeJS.Signals;
  if (!Object.hasOwn(constants.signals, name)) {
    throw usageError(`${flag}: unknown signal "${text}" (expected a name such as SIGTERM or HUP)`);
  }
  return name;
}

/** The number of a signal (SIGTERM → 15). */
export function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal];
}

/** The exit status a shell reports for a child that exited with `code` or was ended by `signal`. */
export function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return signal === null ? 1 : 128 + signalNumber(signal);
}
