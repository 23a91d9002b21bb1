// --env-file: one NAME=VALUE per line (dotenv style). Blank lines and `#` comments are skipped; an
// optional `export ` prefix is allowed; a value in matching single quotes is taken literally, in
// double quotes with \n, \" and \\ escapes. Errors name the file and line, never the line's text.
import { usageError } from './report.js';

export interface EnvAssignment {
  name: string;
  value: string;
  /** Where it came from, for messages: `--env`, `FILE:LINE`, `--config env`. */
  origin: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` is a portable environment variable name. */
export function isEnvName(name: string): boolean {
  return NAME.test(name);
}

/** Splits `NAME=VALUE` at the first `=`; CONFIG (naming `origin` only) when it is not an assignment. */
function split(text: string, origin: string): { name: string; rest: string } {
  const equals = text.indexOf('=');
  const name = equals < 0 ? '' : text.slice(0, equals).trimEnd();
  if (name === '') throw usageError(`${origin}: expected NAME=VALUE`);
  if (!isEnvName(name)) {
    throw usageError(
      `${origin}: "${name}" is not a variable name (letters, digits and _, not first a digit)`,
    );
  }
  return { name, rest: text.slice(equals + 1) };
}

/** `NAME=VALUE` from a flag: the value exactly as given. */
export function parseAssignment(text: string, origin: string): EnvAssignment {
  const { name, rest } = split(text, origin);
  return { name, value: rest, origin };
}

function unquote(value: string, origin: string): string {
  const quote = value[0];
  if (quote !== '"' && quote !== "'") return value;
  if (value.length < 2 || value[value.length - 1] !== quote)
    throw usageError(`${origin}: unterminated quote`);
  const inner = value.slice(1, -1);
  if (quote === "'") return inner;
  return inner.replace(/\\([n"\\])/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
}

/** Every assignment of an env file's text, in order (a later one of the same name wins). */
export function parseEnvFile(text: string, fileName: string): EnvAssignment[] {
  const assignments: EnvAssignment[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const origin = `${fileName}:${index + 1}`;
    const body = line.startsWith('export ') ? line.slice('export '.length).trimStart() : line;
    const { name, rest } = split(body, origin);
    assignments.push({ name, value: unquote(rest.trim(), origin), origin });
  }
  return assignments;
}
