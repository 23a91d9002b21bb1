// What a Google error carries besides its status: the google.rpc details gax decodes (RetryInfo,
// RequestInfo) over both wires, and whether a gRPC status came from a server at all.

/**
 * `google.rpc.RetryInfo.retryDelay` in seconds (the kit turns it into `retryAfterMs`), from the
 * details gax decoded: `statusDetails` (gRPC trailer `grpc-status-details-bin`, or the REST body's
 * `error.details`). Undefined when there is none or it is not a finite, non-negative duration.
 */
export function retryDelaySeconds(statusDetails: unknown): number | undefined {
  for (const detail of detailsOf(statusDetails)) {
    const delay = fieldsOf(detail).retryDelay;
    if (typeof delay !== 'object' || delay === null) continue;
    const { seconds, nanos } = delay as { seconds?: unknown; nanos?: unknown };
    const whole = Number(typeof seconds === 'object' && seconds !== null ? String(seconds) : (seconds ?? 0));
    const fraction = typeof nanos === 'number' ? nanos / 1e9 : 0;
    const total = whole + fraction;
    if (Number.isFinite(total) && total >= 0) return total;
  }
  return undefined;
}

/** `google.rpc.RequestInfo.requestId`, for a support ticket. */
export function requestIdFromDetails(statusDetails: unknown): string | undefined {
  for (const detail of detailsOf(statusDetails)) {
    const id = fieldsOf(detail).requestId;
    if (typeof id === 'string' && id !== '') return id;
  }
  return undefined;
}

/**
 * True when a gRPC status came with a server's response headers: grpc-js copies them (at least
 * `content-type`) into the status metadata, while a status it made up itself (no connection, a
 * failed call credential) has empty metadata.
 */
export function answeredByServer(metadata: unknown): boolean {
  const get = fieldsOf(metadata).get;
  if (typeof get !== 'function') return false;
  try {
    const values = (get as (key: string) => unknown).call(metadata, 'content-type');
    return Array.isArray(values) && values.length > 0;
  } catch {
    return false;
  }
}

/** A header of a response that gaxios kept (only a rejected 401/403 keeps one), read either way. */
export function headerOf(response: unknown, name: string): string | undefined {
  const headers = fieldsOf(response).headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = (headers as { get?: unknown }).get;
  const value =
    typeof get === 'function'
      ? (get as (key: string) => unknown).call(headers, name)
      : (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

function detailsOf(statusDetails: unknown): unknown[] {
  return Array.isArray(statusDetails) ? statusDetails : [];
}

export function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
