// The agent's structured log: one JSON object per line on stderr (time, level, msg, then fields),
// filtered by --log-level. Fields are names, codes, numbers and refs — never a value or the token;
// callers pass only those. Lines written in one tick go out in one write, so logging every request
// costs one syscall per tick, not one per line; flush() writes what is pending (before exit).

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'off'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, off: 99 };

export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface AgentLog {
  /** True when a line of this level would be written (skip building fields when not). */
  enabled(level: Exclude<LogLevel, 'off'>): boolean;
  write(level: Exclude<LogLevel, 'off'>, msg: string, fields?: LogFields): void;
  /** Writes pending lines now. */
  flush(): Promise<void>;
}

/** A log at `level` writing to `sink` (default: stderr). */
export function createAgentLog(
  level: LogLevel,
  sink: (text: string, done: () => void) => void = (text, done) => {
    process.stderr.write(text, () => done());
  },
): AgentLog {
  const threshold = RANK[level];
  let pending: string[] = [];
  let scheduled = false;
  let lastWrite: Promise<void> = Promise.resolve();

  function drain(): Promise<void> {
    scheduled = false;
    if (pending.length === 0) return lastWrite;
    const text = pending.join('');
    pending = [];
    lastWrite = new Promise((resolve) => sink(text, resolve));
    return lastWrite;
  }

  return {
    enabled: (lineLevel) => RANK[lineLevel] >= threshold,
    write(lineLevel, msg, fields) {
      if (RANK[lineLevel] < threshold) return;
      pending.push(
        `${JSON.stringify({ time: new Date().toISOString(), level: lineLevel, msg, ...fields })}\n`,
      );
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    },
    flush: drain,
  };
}

/** Parses --log-level; undefined for an unknown name (the caller reports it). */
export function parseLogLevel(text: string): LogLevel | undefined {
  const lower = text.toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(lower) ? (lower as LogLevel) : undefined;
}
