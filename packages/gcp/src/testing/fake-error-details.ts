// google.rpc.Status details a fake failure carries (RetryInfo, ErrorInfo, RequestInfo), on both wires:
// proto3 JSON in a REST error body, and the `grpc-status-details-bin` trailer (protobuf, encoded by
// hand here: five small messages, no protobuf library needed).

export interface ErrorDetails {
  /** google.rpc.RetryInfo.retryDelay, in seconds. @default none */
  retryDelaySeconds?: number;
  /** google.rpc.ErrorInfo.reason (e.g. `RATE_LIMIT_EXCEEDED`), domain `secretmanager.googleapis.com`. @default none */
  reason?: string;
  /** google.rpc.RequestInfo.requestId. @default none */
  requestId?: string;
}

const TYPE = 'type.googleapis.com/google.rpc.';
const DOMAIN = 'secretmanager.googleapis.com';

/** The `details` of a REST error body (proto3 JSON: a Duration is a `"1.5s"` string). */
export function detailsJson(details: ErrorDetails): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  if (details.retryDelaySeconds !== undefined) {
    out.push({ '@type': `${TYPE}RetryInfo`, retryDelay: `${details.retryDelaySeconds}s` });
  }
  if (details.reason !== undefined)
    out.push({ '@type': `${TYPE}ErrorInfo`, reason: details.reason, domain: DOMAIN });
  if (details.requestId !== undefined)
    out.push({ '@type': `${TYPE}RequestInfo`, requestId: details.requestId });
  return out;
}

/** The `grpc-status-details-bin` trailer: a google.rpc.Status with the details as Anys. */
export function statusDetailsBin(code: number, message: string, details: ErrorDetails): Buffer {
  const anys: Buffer[] = [];
  if (details.retryDelaySeconds !== undefined) {
    const seconds = Math.floor(details.retryDelaySeconds);
    const nanos = Math.round((details.retryDelaySeconds - seconds) * 1e9);
    const duration = Buffer.concat([varintField(1, seconds), varintField(2, nanos)]);
    anys.push(any('RetryInfo', bytesField(1, duration)));
  }
  if (details.reason !== undefined) {
    anys.push(any('ErrorInfo', Buffer.concat([stringField(1, details.reason), stringField(2, DOMAIN)])));
  }
  if (details.requestId !== undefined) anys.push(any('RequestInfo', stringField(1, details.requestId)));
  return Buffer.concat([varintField(1, code), stringField(2, message), ...anys.map((a) => bytesField(3, a))]);
}

function any(type: string, value: Buffer): Buffer {
  return Buffer.concat([stringField(1, `${TYPE}${type}`), bytesField(2, value)]);
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

function varintField(field: number, value: number): Buffer {
  return value === 0 ? Buffer.alloc(0) : Buffer.concat([varint(field << 3), varint(value)]);
}

function bytesField(field: number, value: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(value.length), value]);
}

function stringField(field: number, value: string): Buffer {
  return bytesField(field, Buffer.from(value, 'utf8'));
}
