// The exit codes of `secretkit` (DESIGN §10): sysexits.h values, so a shell or an orchestrator can
// tell secretkit's own failures from a child's ordinary exit codes.
import { isSecretsError, type SecretsErrorCode } from '@secretkit/core';

export const EXIT = {
  OK: 0,
  /** EX_USAGE: a bad flag or argument, or CONFIG. */
  USAGE: 64,
  /** EX_DATAERR: PARSE, WRONG_TYPE, INTEGRITY. */
  DATA: 65,
  /** EX_NOINPUT: NOT_FOUND (a secret, or an input file). */
  NOT_FOUND: 66,
  /** EX_UNAVAILABLE: UNAVAILABLE, THROTTLED, TIMEOUT. */
  UNAVAILABLE: 69,
  /** EX_SOFTWARE: anything else. */
  SOFTWARE: 70,
  /** EX_NOPERM: ACCESS_DENIED, UNAUTHENTICATED. */
  NO_PERMISSION: 77,
  /** As sh and env(1): the command was found but could not be executed. */
  CANNOT_EXECUTE: 126,
  /** As sh and env(1): the command was not found. */
  COMMAND_NOT_FOUND: 127,
} as const;

/** The exit code for a failure with this SecretsError code. */
export function exitCodeForCode(code: SecretsErrorCode): number {
  switch (code) {
    case 'CONFIG':
      return EXIT.USAGE;
    case 'NOT_FOUND':
      return EXIT.NOT_FOUND;
    case 'ACCESS_DENIED':
    case 'UNAUTHENTICATED':
      return EXIT.NO_PERMISSION;
    case 'UNAVAILABLE':
    case 'THROTTLED':
    case 'TIMEOUT':
      return EXIT.UNAVAILABLE;
    case 'PARSE':
    case 'WRONG_TYPE':
    case 'INTEGRITY':
      return EXIT.DATA;
    default:
      return EXIT.SOFTWARE;
  }
}

/** The exit code for any thrown value: a SecretsError by its code, anything else 70. */
export function exitCodeFor(error: unknown): number {
  return isSecretsError(error) ? exitCodeForCode(error.code) : EXIT.SOFTWARE;
}
