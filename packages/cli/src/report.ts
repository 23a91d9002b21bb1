// secretkit's own messages on stderr. Nothing here ever prints a secret value: a SecretsError's
// message is value-free by contract (DESIGN §3), and any other error is named by its kind only
// (a TypeError or a JSON.parse message may quote the text it choked on).
import { isSecretsError, SecretsError } from '@secretkit/core';

/** One line about a failure, safe to print: `CODE: message` or `internal error (Kind)`. */
export function describeError(error: unknown): string {
  if (isSecretsError(error)) return `${error.code}: ${error.message}`;
  const kind = error instanceof Error ? error.name : typeof error;
  return `internal error (${kind})`;
}

/** Writes `secretkit: <message>` to stderr. */
export function say(message: string): void {
  process.stderr.write(`secretkit: ${message}\n`);
}

/** Writes `secretkit: <context>: <safe description of error>` to stderr. */
export function sayError(context: string, error: unknown): void {
  say(`${context}: ${describeError(error)}`);
}

/** A usage error: exit code 64, like CONFIG. */
export function usageError(message: string): SecretsError {
  return new SecretsError('CONFIG', message);
}

/** An input file (config, env file, template) that could not be read, with the code its errno means. */
export function inputFileError(what: string, error: unknown): SecretsError {
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (errno === 'ENOENT' || errno === 'ENOTDIR')
    return new SecretsError('NOT_FOUND', `${what}: no such file`);
  if (errno === 'EACCES' || errno === 'EPERM')
    return new SecretsError('ACCESS_DENIED', `${what}: permission denied`);
  if (errno === 'EISDIR') return new SecretsError('INVALID_REQUEST', `${what}: is a directory`);
  return new SecretsError('UNKNOWN', `${what}: cannot be read (${errno ?? 'error'})`);
}
