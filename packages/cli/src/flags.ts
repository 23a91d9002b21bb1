// Flag parsing over node:util parseArgs: strict, negatable booleans (--no-mask), and the arguments
// after `--` kept apart (they are a command line, not flags). Its errors become usage errors (64).
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { usageError } from './report.js';

export interface ParsedFlags<Values> {
  values: Values;
  /** Arguments before `--` that are not flags. */
  positionals: string[];
  /** Everything after the first `--`, or undefined when there was none. */
  afterDashes: string[] | undefined;
}

/** Parses `args` against `options`; CONFIG ("usage") errors name the flag, never a value. */
export function parseFlags<Values>(args: string[], options: ParseArgsOptionsConfig, command: string) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options,
      strict: true,
      allowPositionals: true,
      allowNegative: true,
      tokens: true,
    });
  } catch (error) {
    const text = error instanceof Error ? error.message : 'bad arguments';
    const message = (text.split('\n')[0] ?? text).split('. To specify')[0];
    throw usageError(`${command}: ${message} (see secretkit ${command} --help)`);
  }
  const tokens = parsed.tokens ?? [];
  const dashes = tokens.find((token) => token.kind === 'option-terminator');
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional' && (dashes === undefined || token.index < dashes.index)) {
      positionals.push(token.value);
    }
  }
  const afterDashes = dashes === undefined ? undefined : args.slice(dashes.index + 1);
  return { values: parsed.values as Values, positionals, afterDashes } satisfies ParsedFlags<Values>;
}

/** Flags every command takes. */
export const COMMON_FLAGS = {
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsOptionsConfig;
