// Error injection for the fake: the next matching request(s) answer with a service exception, as
// Secrets Manager sends it, or drop the connection ('NetworkError').
import type { AwsOperation } from './wire-types.js';

export interface FailNextOptions {
  /** How many matching requests fail. @default 1 */
  times?: number;
  /** Only these operations fail. @default every operation */
  operations?: AwsOperation[];
  /** HTTP status. @default 500 for InternalServiceError, 503 for ServiceUnavailable, else 400 */
  status?: number;
  /** The exception's message. @default a message like the service's */
  message?: string;
  /** Sent as a `Retry-After` header (seconds). @default none */
  retryAfterSeconds?: number;
  /**
   * When the failing request is a DescribeSecret, the GetSecretValue that follows for the same
   * secret fails the same way: a principal denied both, as the adapter's probe fallback meets it.
   * @default false
   */
  coverProbeFallback?: boolean;
}

export interface Fault {
  exceptionName: string;
  status: number;
  message: string;
  retryAfterSeconds?: number;
}

interface PendingFault extends Fault {
  remaining: number;
  operations?: AwsOperation[];
  coverProbeFallback?: boolean;
  /** Only requests for this SecretId (the follow-up of coverProbeFallback). */
  secretId?: string;
}

/** Exception name that drops the connection instead of answering (a failure without response). */
export const NETWORK_ERROR = 'NetworkError';

const DEFAULT_STATUS: Readonly<Record<string, number>> = {
  InternalServiceError: 500,
  InternalFailure: 500,
  ServiceUnavailable: 503,
};

const DEFAULT_MESSAGE: Readonly<Record<string, string>> = {
  AccessDeniedException:
    'User: arn:aws:iam::123456789012:user/test is not authorized to perform this action because no identity-based policy allows it',
  UnrecognizedClientException: 'The security token included in the request is invalid.',
  InvalidSignatureException: 'The request signature we calculated does not match the signature you provided.',
  ExpiredTokenException: 'The security token included in the request is expired',
  ThrottlingException: 'Rate exceeded',
  InternalServiceError: 'An error occurred on the server side.',
  DecryptionFailure: "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
  ResourceNotFoundException: "Secrets Manager can't find the specified secret.",
  InvalidRequestException:
    "You can't perform this operation on the secret because it was marked for deletion.",
  InvalidParameterException: 'The parameter name or value is invalid.',
};

export class FaultQueue {
  #pending: PendingFault[] = [];

  add(exceptionName: string, options: FailNextOptions = {}): void {
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1)
      throw new TypeError('failNext: times must be a positive integer');
    this.#pending.push({
      exceptionName,
      remaining: times,
      status: options.status ?? DEFAULT_STATUS[exceptionName] ?? 400,
      message: options.message ?? DEFAULT_MESSAGE[exceptionName] ?? `${exceptionName} (injected by the fake)`,
      ...(options.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: options.retryAfterSeconds }),
      ...(options.operations === undefined ? {} : { operations: [...options.operations] }),
      ...(options.coverProbeFallback ? { coverProbeFallback: true } : {}),
    });
  }

  /** The fault for this request, if one is pending for its operation (consumes one use). */
  take(operation: AwsOperation, secretId: string | undefined): Fault | undefined {
    const index = this.#pending.findIndex(
      (fault) =>
        (!fault.operations || fault.operations.includes(operation)) &&
        (fault.secretId === undefined || fault.secretId === secretId),
    );
    if (index === -1) return undefined;
    const fault = this.#pending[index]!;
    fault.remaining--;
    if (fault.remaining === 0) this.#pending.splice(index, 1);
    const { exceptionName, status, message, retryAfterSeconds } = fault;
    if (fault.coverProbeFallback && operation === 'DescribeSecret') {
      this.#pending.unshift({
        exceptionName,
        status,
        message,
        remaining: 1,
        operations: ['GetSecretValue'],
        ...(secretId === undefined ? {} : { secretId }),
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
    }
    return {
      exceptionName,
      status,
      message,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    };
  }

  clear(): void {
    this.#pending = [];
  }
}
