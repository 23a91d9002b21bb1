// The msw handler of the Key Vault fake: the 401 challenge to requests without a token (then bearer
// requests only), the `api-version` query, queued delays and faults, then the operation itself;
// every authenticated request lands in the call log.
import type { CallLog } from '@secretkit/fake-kit';
import { type HttpHandler, HttpResponse, http } from 'msw';
import {
  answerHeaders,
  errorResponse,
  FakeError,
  type FakeFaults,
  holdAnswer,
  rawResponse,
} from './fake-faults.js';
import { answerOperation, classifyRequest, type OperationContext } from './fake-operations.js';
import type { KeyVaultFakeCall } from './fake-types.js';

export interface HandlerContext extends OperationContext {
  tenantId: string;
  faults: FakeFaults;
  calls: CallLog<KeyVaultFakeCall>;
  /** Counts a 401 challenge. */
  challenged(): void;
}

export function keyVaultHandler(context: HandlerContext): HttpHandler {
  const { vaultUrl, tenantId, faults, calls } = context;
  const failed = (call: KeyVaultFakeCall, error: FakeError) => {
    calls.record({
      ...call,
      status: error.status,
      code: error.code,
      ...(error.innerCode ? { innerCode: error.innerCode } : {}),
    });
    return errorResponse(error);
  };

  return http.all(`${vaultUrl}/*`, async ({ request }) => {
    const url = new URL(request.url);
    if (!request.headers.get('authorization')) {
      context.challenged();
      return HttpResponse.json(
        { error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } },
        {
          status: 401,
          headers: answerHeaders({
            'www-authenticate': `Bearer authorization="https://login.microsoftonline.com/${tenantId}", resource="https://vault.azure.net"`,
          }),
        },
      );
    }
    const operation = classifyRequest(request.method, url.pathname);
    const call: KeyVaultFakeCall = { operation, method: request.method, path: url.pathname, status: 200 };
    try {
      if (!request.headers.get('authorization')?.startsWith('Bearer ')) {
        throw new FakeError(401, 'Unauthorized', 'AKV10022: Invalid audience.');
      }
      if (!url.searchParams.get('api-version')) {
        throw new FakeError(400, 'BadParameter', 'The api-version query parameter is required.');
      }
      if (operation !== 'unknown') {
        const delay = faults.delays.take(operation);
        if (delay !== undefined) await holdAnswer(delay, request.signal);
        if (request.signal.aborted) {
          calls.record({ ...call, status: 0, code: 'ClientAborted' });
          return HttpResponse.error();
        }
        const fault = faults.answers.take(operation);
        const [, name] = url.pathname.split('/').slice(1);
        if (name) call.name = name;
        if (fault?.kind === 'raw') {
          calls.record({ ...call, status: fault.answer.status ?? 200, code: 'RawAnswer' });
          return rawResponse(fault.answer);
        }
        if (fault?.kind === 'error') {
          if (fault.error.status === 0) calls.record({ ...call, status: 0, code: fault.error.code });
          return fault.error.status === 0 ? HttpResponse.error() : failed(call, fault.error);
        }
      }
      const answer = await answerOperation(context, operation, request, call);
      calls.record({ ...call, status: answer.status ?? 200 });
      if (answer.status === 204) return new HttpResponse(null, { status: 204, headers: answerHeaders() });
      return HttpResponse.json(answer.body as never, { headers: answerHeaders() });
    } catch (error) {
      if (!(error instanceof FakeError)) throw error;
      return failed(call, error);
    }
  });
}
