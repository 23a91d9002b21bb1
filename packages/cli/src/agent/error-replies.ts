// What the agent answers for a failure: an HTTP status from the SecretsError code (DESIGN §10) and
// the body {"code", "message"}. A message is the SecretsError's (value-free by contract); anything
// else is named by its kind only, as on the command line.
import { isSecretsError, type SecretsErrorCode } from '@secretkit/core';

export interface ErrorReply {
  status: number;
  code: string;
  message: string;
}

/** CONFIG 400, NOT_FOUND 404, ACCESS_DENIED/UNAUTHENTICATED 403, THROTTLED 429, UNAVAILABLE/TIMEOUT 503, others 500. */
export function httpStatusFor(code: SecretsErrorCode | string): number {
  switch (code) {
    case 'CONFIG':
      return 400;
    case 'NOT_FOUND':
      return 404;
    case 'ACCESS_DENIED':
    case 'UNAUTHENTICATED':
      return 403;
    case 'THROTTLED':
      return 429;
    case 'UNAVAILABLE':
    case 'TIMEOUT':
      return 503;
    default:
      return 500;
  }
}

/** The reply for anything a read threw. */
export function errorReplyFor(error: unknown): ErrorReply {
  if (isSecretsError(error)) {
    return { status: httpStatusFor(error.code), code: error.code, message: error.message };
  }
  const kind = error instanceof Error ? error.name : typeof error;
  return { status: 500, code: 'UNKNOWN', message: `internal error (${kind})` };
}

/** A reply the agent makes itself (a refused request), with its own status. */
export function refusal(status: number, code: string, message: string): ErrorReply {
  return { status, code, message };
}
