// Error injection for the fake, on the fake kit's fault queue: the next matching request(s) answer
// with a service exception as Secrets Manager sends it, drop the connection ('NetworkError'), or get
// a raw answer of the test's own (a proxy page, a server echoing what it was sent).
import { createFaultQueue } from '@secretkit/fake-kit';
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

/** Builds a raw answer from the request (its headers and body are readable). */
export type RawResponder = (request: Request) => Response | Promise<Response>;

/** What a faulted request gets. */
export type Fault =
  | { kind: 'exception'; exceptionName: string; status: number; message: string; retryAfterSeconds?: number }
  | { kind: 'drop' }
  | { kind: 'raw'; respond: RawResponder };

/** What a fault is matched on. */
export interface FaultedRequest {
  operation: AwsOperation;
  secretId: string | undefined;
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

/** The fake's faults: exceptions and raw answers share one queue, oldest first. */
export function createAwsFaults() {
  const queue = createFaultQueue<Fault & { coverProbeFallback?: boolean }, FaultedRequest>();
  const forOperations = (operations: AwsOperation[] | undefined) =>
    operations === undefined
      ? {}
      : { match: (request: FaultedRequest) => operations.includes(request.operation) };
  return {
    failNext(exceptionName: string, options: FailNextOptions = {}): void {
      const times = { times: options.times ?? 1, ...forOperations(options.operations) };
      if (exceptionName === NETWORK_ERROR) {
        queue.failNext({ kind: 'drop' }, times);
        return;
      }
      queue.failNext(
        {
          kind: 'exception',
          exceptionName,
          status: options.status ?? DEFAULT_STATUS[exceptionName] ?? 400,
          message:
            options.message ?? DEFAULT_MESSAGE[exceptionName] ?? `${exceptionName} (injected by the fake)`,
          ...(options.retryAfterSeconds === undefined
            ? {}
            : { retryAfterSeconds: options.retryAfterSeconds }),
          ...(options.coverProbeFallback ? { coverProbeFallback: true } : {}),
        },
        times,
      );
    },
    answerNext(respond: RawResponder, options: Pick<FailNextOptions, 'times' | 'operations'> = {}): void {
      queue.failNext(
        { kind: 'raw', respond },
        { times: options.times ?? 1, ...forOperations(options.operations) },
      );
    },
    /** The fault for this request, if one is pending (consumes one use). */
    take(request: FaultedRequest): Fault | undefined {
      const fault = queue.take(request);
      if (fault?.kind === 'exception' && fault.coverProbeFallback && request.operation === 'DescribeSecret') {
        const { coverProbeFallback: _, ...followUp } = fault;
        queue.failNext(followUp, {
          ahead: true,
          match: (next) => next.operation === 'GetSecretValue' && next.secretId === request.secretId,
        });
      }
      return fault;
    },
    clear: () => queue.clear(),
  };
}
