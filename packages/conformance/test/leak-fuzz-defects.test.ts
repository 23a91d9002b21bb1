// Proof the fuzzer finds defects 1–5 of issue 11 when reintroduced: small readers that map a hostile
// answer to an error the way each defect did must fail the fuzz; a reader that cleans correctly passes.
import { SecretsError } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import {
  type Canaries,
  errorOf,
  expectNoLeaks,
  type HostileAnswer,
  type LeakFuzzReport,
  runLeakFuzz,
  toResponse,
} from '../src/leak-fuzz/index.js';

/** Reads one answer as an adapter would, throwing the SecretsError it would throw. */
type Reader = (response: Response, canaries: Canaries) => Promise<unknown>;

async function fuzz(reader: Reader, dialects?: HostileAnswer['dialect'][]): Promise<LeakFuzzReport> {
  return runLeakFuzz({
    seed: 1111,
    ...(dialects ? { answers: { dialects } } : {}),
    scenarios: [
      {
        name: 'read',
        run: async ({ answer, canaries }) => ({
          error: await errorOf(reader(toResponse(answer), canaries)),
        }),
      },
    ],
  });
}

const codeOf = (status: number) =>
  status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'ACCESS_DENIED' : 'UNAVAILABLE';

/** What the fixed adapters do: status and a fixed message; a malformed 2xx is UNAVAILABLE; nothing of the body. */
const cleanReader: Reader = async (response) => {
  const text = await response.text();
  if (!response.ok) {
    throw new SecretsError(codeOf(response.status), `the server answered ${response.status}`, {
      statusCode: response.status,
      cause: Object.assign(new Error(`HTTP ${response.status}`), {
        name: 'HttpError',
        status: response.status,
      }),
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new SecretsError('UNAVAILABLE', 'the server answered 200 with a body that is not JSON', {
      cause: Object.assign(new Error('malformed body'), { name: 'SyntaxError' }),
    });
  }
};

/** `clean`, except that a malformed 2xx turns into an error built by `onMalformed`. */
const malformedAs =
  (onMalformed: (text: string, parseError: Error) => Error): Reader =>
  async (response, canaries) => {
    const text = await response.clone().text();
    if (response.ok) {
      try {
        return JSON.parse(text);
      } catch (error) {
        throw new SecretsError('UNAVAILABLE', 'malformed', { cause: onMalformed(text, error as Error) });
      }
    }
    return cleanReader(response, canaries);
  };

const findingsOf = (report: LeakFuzzReport) =>
  report.findings.map((f) => `${f.kind} ${f.form} ${f.path} ${f.rendering}`);

describe('the leak fuzz finds each defect of issue 11 when reintroduced', () => {
  it('passes a reader that cleans every error', async () => {
    expectNoLeaks(await fuzz(cleanReader));
  });

  it('1: the SDK parse error quoting the whole body, as Azure core-client builds it', async () => {
    const report = await fuzz(
      malformedAs(
        (text, error) => new Error(`Error "${error}" occurred while parsing the response body - ${text}.`),
      ),
    );
    expect(findingsOf(report)).toContain('value raw error.cause message');
    expect(report.findings.some((f) => f.answer.startsWith('truncated-json'))).toBe(true);
  });

  it("2: Node's JSON parse error in cause.message (AWS and GCP REST)", async () => {
    const report = await fuzz(malformedAs((_text, error) => new Error(error.message)));
    expect(findingsOf(report)).toContain('value fragment error.cause message');
    const answers = new Set(report.findings.map((f) => f.answer.split(' ')[0]));
    expect(answers).toEqual(new Set(['bare-value', 'unquoted-value']));
  });

  it('3: echoed credentials kept: response headers on the cause, or only `Bearer <t>` scrubbed', async () => {
    const keepsHeaders: Reader = async (response, canaries) => {
      const error = await errorOf(cleanReader(response, canaries));
      if (!(error instanceof SecretsError)) return;
      Object.defineProperty(error.cause, 'headers', {
        value: Object.fromEntries(response.headers),
        enumerable: false,
      });
      throw error;
    };
    const headers = findingsOf(await fuzz(keepsHeaders));
    expect(headers).toContain('token raw error.cause.headers["x-amz-security-token"] text');
    expect(headers).toContain('jwt raw error.cause.headers.authorization text');

    const scrubsPrefixedOnly: Reader = async (response) => {
      const text = await response.text();
      if (response.ok) return undefined;
      const message = text.replace(/Bearer [^\s"',;]+/g, 'Bearer [redacted]');
      throw new SecretsError('UNAUTHENTICATED', 'rejected', { cause: new Error(message) });
    };
    expect(findingsOf(await fuzz(scrubsPrefixedOnly))).toContain('token raw error.cause message');
  });

  it('3: a TokenCredential error quoting its token, kept as the cause', async () => {
    const credentialFailure = async (token: string) => {
      const original = new Error(
        `AADSTS700024: client assertion ${token} is not within its valid time range`,
      );
      throw new SecretsError('UNAUTHENTICATED', 'the credential failed', { cause: original });
    };
    const report = await runLeakFuzz({
      seed: 1111,
      rounds: 1,
      scenarios: [
        {
          name: 'credential',
          run: async ({ canaries }) => ({ error: await errorOf(credentialFailure(canaries.jwt)) }),
        },
      ],
    });
    expect(findingsOf(report)).toContain('jwt raw error.cause message');
  });

  it("4: the server's error text copied: Vault errors[] into the message, others into cause.message", async () => {
    const vault: Reader = async (response) => {
      const text = await response.text();
      if (response.ok) return undefined;
      const errors = (JSON.parse(text) as { errors?: string[] }).errors ?? [];
      throw new SecretsError(codeOf(response.status), `vault: ${errors.join(', ')}`);
    };
    expect(findingsOf(await fuzz(vault, ['vault']))).toContain('value raw error message');

    const copiesMessage: Reader = async (response) => {
      const text = await response.text();
      if (response.ok) return undefined;
      let message = text;
      try {
        const body = JSON.parse(text) as { message?: string; error?: { message?: string } };
        message = body.message ?? body.error?.message ?? text;
      } catch {}
      throw new SecretsError(codeOf(response.status), `failed with ${response.status}`, {
        cause: new Error(message),
      });
    };
    const report = await fuzz(copiesMessage, ['aws', 'azure', 'gcp']);
    expect(findingsOf(report)).toContain('value raw error.cause message');
    expect(report.findings.some((f) => f.answer.startsWith('error-quotes-value'))).toBe(true);
  });

  it('5: a `fetch` event carrying an unvalidated version object', async () => {
    const report = await runLeakFuzz({
      seed: 5,
      rounds: 1,
      scenarios: [
        {
          name: 'fetch event',
          run: async ({ canaries }) => ({
            events: [{ name: 'app', version: { id: canaries.value }, durationMs: 1, outcome: 'ok' }],
          }),
        },
      ],
    });
    expect(findingsOf(report)).toContain('value raw events[0].version.id text');
    expect(findingsOf(report)).toContain('value json events JSON.stringify');
  });
});
