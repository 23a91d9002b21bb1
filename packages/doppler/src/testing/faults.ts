// How a fault becomes a Doppler wire answer: an error status with Doppler's `{ messages, success:
// false }` body, or an edge's HTML or empty body (a 5xx that never reached the API), or a dropped connection.
import type { SecretsErrorCode } from '@secretkit/core';
import { HttpResponse } from 'msw';

export interface DopplerFault {
  /** The HTTP status; 0 drops the connection (no answer at all). */
  status: number;
  /**
   * `json`: Doppler's `{ messages, success: false }`; `html`: an edge's error page; `empty`: no body.
   * @default 'json', but 'html' for 502, 503 and 504 (what the edge in front of the API answers)
   */
  body?: 'json' | 'html' | 'empty';
  /** A Retry-After header. @default '2' for 429, none otherwise */
  retryAfter?: string;
  /** The JSON body's messages. @default Doppler's wording for the status */
  messages?: string[];
}

/**
 * A fault by the code it must surface as (UNAUTHENTICATED 401, ACCESS_DENIED 403, NOT_FOUND 404,
 * INVALID_REQUEST 400, THROTTLED 429 with Retry-After, UNAVAILABLE a dropped connection; other codes
 * have no Doppler answer and throw), by HTTP status, `'drop'`, or in full.
 */
export type DopplerFaultSpec = SecretsErrorCode | 'drop' | number | DopplerFault;

const BY_CODE: Readonly<Record<string, DopplerFault>> = {
  UNAUTHENTICATED: { status: 401 },
  ACCESS_DENIED: { status: 403 },
  NOT_FOUND: { status: 404 },
  INVALID_REQUEST: { status: 400 },
  THROTTLED: { status: 429 },
  UNAVAILABLE: { status: 0 }, // a dropped connection: the no-response path
  drop: { status: 0 },
};

/** Doppler's wording per status (the fake's; the adapter never reads it). */
export const DOPPLER_MESSAGES: Readonly<Record<number, string>> = {
  400: 'Invalid request',
  401: 'Invalid Auth token',
  403: 'This token does not have access to requested config',
  404: 'Could not find requested config',
  429: 'Too many requests. Please try again later.',
  500: 'Internal server error',
};

const EDGE_TITLES: Readonly<Record<number, string>> = {
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function toFault(spec: DopplerFaultSpec): DopplerFault {
  if (typeof spec === 'number') return { status: spec };
  if (typeof spec === 'string') {
    const fault = BY_CODE[spec];
    if (!fault) throw new TypeError(`doppler fake: Doppler has no answer that means ${spec}`);
    return fault;
  }
  if (typeof spec !== 'object' || spec === null || !Number.isInteger(spec.status)) {
    throw new TypeError(
      'doppler fake: a fault is a code, a status, "drop" or { status, body?, retryAfter?, messages? }',
    );
  }
  return spec;
}

/** Doppler's own error answer. */
export function dopplerError(
  status: number,
  messages?: string[],
  headers: Record<string, string> = {},
): Response {
  const text = messages ?? [DOPPLER_MESSAGES[status] ?? 'Service unavailable'];
  return HttpResponse.json({ messages: text, success: false }, { status, headers });
}

export function faultResponse(fault: DopplerFault): Response {
  if (fault.status === 0) return HttpResponse.error();
  const retryAfter = fault.retryAfter ?? (fault.status === 429 ? '2' : undefined);
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': retryAfter };
  const body = fault.body ?? (fault.status >= 502 && fault.status <= 504 ? 'html' : 'json');
  if (body === 'json') return dopplerError(fault.status, fault.messages, headers);
  if (body === 'empty') return new HttpResponse(null, { status: fault.status, headers });
  const title = `${fault.status} ${EDGE_TITLES[fault.status] ?? 'Error'}`;
  return HttpResponse.html(
    `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>`,
    { status: fault.status, headers },
  );
}
