// Issue 11's defects in this adapter, each driven through the real client against a hostile fake:
// a malformed 2xx (defect 2), an access token echoed without its `Bearer ` prefix (defect 3), and a
// server's error text quoting a value, setSecret's included (defect 4). No canary in any error.

import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { defineCanary, expectNoLeaks, findLeaks } from '@secretkit/conformance';
import { describe, expect, it } from 'vitest';
import { gcpSecretManager } from '../src/index.js';
import { fakeAuthClient } from '../src/testing/index.js';
import { context, PROJECT, rejection, TRANSPORTS, useFake } from './harness.js';

/** A stored value, with characters a careless quote would keep, and one a server may quote whole. */
const VALUE = 'Vq7Rk2Lp9Xw "é/ Hs4Dn8Tz6Cb \\ &+ Mf3Gy5Jv1Qa';
/** A value and a token shaped as identifiers: they survive a reason/request-id check, so only scrubbing by value stops them. */
const PLAIN_VALUE = 'ValueCanary4Zt8Qp2Wm6Lx';
const TOKEN = 'TokenCanary7Hb3Nc9Vd1Kf5Rg';
const CANARIES = [
  defineCanary('value', VALUE),
  defineCanary('value', PLAIN_VALUE),
  defineCanary('token', TOKEN),
];

const jsonError = (status: number, statusName: string, message: string, details: unknown[] = []) =>
  Response.json({ error: { code: status, status: statusName, message, details } }, { status });

describe('defect 2: a malformed 2xx over REST is UNAVAILABLE and quotes nothing', () => {
  const { fake, provider } = useFake('rest');

  it.each<[string, () => Response]>([
    [
      'an HTML page',
      () => new Response(`<html><body>${VALUE}</body></html>`, { headers: { 'content-type': 'text/html' } }),
    ],
    ['the bare value', () => new Response(VALUE, { headers: { 'content-type': 'application/json' } })],
    [
      'JSON cut inside the value',
      () =>
        new Response(
          `{"name":"projects/1/secrets/db/versions/1","payload":{"data":"${Buffer.from(VALUE).toString('base64').slice(0, 30)}`,
        ),
    ],
    [
      'the value unquoted in JSON',
      () => new Response(`{"name":"projects/1/secrets/db/versions/1","payload":{"text":${VALUE}}}`),
    ],
    ['an empty body', () => new Response('')],
    ['an empty JSON object (no version name)', () => Response.json({})],
    ['a version name but no payload', () => Response.json({ name: 'projects/1/secrets/db/versions/3' })],
    [
      'a field of the wrong type',
      () => Response.json({ name: 5, payload: { data: Buffer.from(VALUE).toString('base64') } }),
    ],
  ])('%s → UNAVAILABLE (retryable), a "malformed" message, no canary', async (_, respond) => {
    const p = provider();
    fake.answerNext(respond);
    const error = await rejection(p.getSecret({ name: 'db' }, context()));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true, secretName: 'db' });
    expect(error.message).toMatch(/^Google Secret Manager: the answer for "db" was malformed/);
    expectNoLeaks(findLeaks(error, CANARIES, { path: 'error' }));
    await p.close();
  });

  it('getVersion on a malformed 2xx is UNAVAILABLE too, never a missing version', async () => {
    const p = provider();
    fake.answerNext(() => Response.json({}));
    expect(await rejection(p.getVersion({ name: 'db' }, context()))).toMatchObject({ code: 'UNAVAILABLE' });
    await p.close();
  });
});

describe('defect 3: an access token echoed without its Bearer prefix is scrubbed', () => {
  describe('over REST, the server echoes it in its text, reason, request id and headers', () => {
    const { fake, provider } = useFake('rest');

    it.each([401, 403, 400, 500])('HTTP %i', async (status) => {
      const p = provider({ authClient: fakeAuthClient(TOKEN) });
      fake.answerNext(
        () =>
          new Response(
            JSON.stringify({
              error: {
                code: status,
                status: 'UNAUTHENTICATED',
                message: `token ${TOKEN} is not valid`,
                details: [
                  {
                    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
                    reason: TOKEN,
                    domain: 'googleapis.com',
                  },
                  { '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId: TOKEN },
                ],
              },
            }),
            {
              status,
              headers: {
                'content-type': 'application/json',
                'x-request-id': TOKEN,
                'www-authenticate': `error="${TOKEN}"`,
              },
            },
          ),
      );
      const error = await rejection(p.getSecret({ name: 'db' }, context()));
      expect(error.code).toBe('UNAUTHENTICATED');
      expectNoLeaks(findLeaks(error, CANARIES, { path: 'error' }));
      await p.close();
    });

    it('the token of a client you built is scrubbed too', async () => {
      const own = new SecretManagerServiceClient({
        projectId: PROJECT,
        authClient: fakeAuthClient(TOKEN),
        fallback: true,
      });
      const p = gcpSecretManager({ projectId: PROJECT, client: own });
      fake.failNext('UNAUTHENTICATED', { message: `token ${TOKEN}`, reason: TOKEN, requestId: TOKEN });
      const error = await rejection(p.getSecret({ name: 'db' }, context()));
      expect(error.code).toBe('UNAUTHENTICATED');
      expectNoLeaks(findLeaks(error, CANARIES, { path: 'error' }));
      await own.close();
    });

    it('an auth client whose failure quotes its own token', async () => {
      const auth = fakeAuthClient(TOKEN);
      // OAuth2Client.requestAsync asks this for the Authorization header of every request.
      (auth as unknown as { getRequestMetadataAsync: () => Promise<never> }).getRequestMetadataAsync =
        async () => {
          throw new Error(`refresh failed: ${TOKEN} was revoked`);
        };
      const p = provider({ authClient: auth });
      const error = await rejection(p.getSecret({ name: 'db' }, context()));
      expect(error.code).toBe('UNAVAILABLE');
      expectNoLeaks(findLeaks(error, CANARIES, { path: 'error' }));
      expect(fake.calls.count()).toBe(0);
      await p.close();
    });
  });

  describe('over gRPC, the status echoes it in its details, reason and request id', () => {
    const { fake, provider } = useFake('grpc');

    it('UNAUTHENTICATED', async () => {
      const p = provider({ authClient: fakeAuthClient(TOKEN) });
      fake.failNext('UNAUTHENTICATED', {
        message: `token ${TOKEN} is not valid`,
        reason: TOKEN,
        requestId: TOKEN,
      });
      const error = await rejection(p.getSecret({ name: 'db' }, context()));
      expect(error.code).toBe('UNAUTHENTICATED');
      expectNoLeaks(findLeaks(error, CANARIES, { path: 'error' }));
      await p.close();
    });
  });
});

describe.each(TRANSPORTS)('defect 4 over %s: a server quoting a value is not copied', (transport) => {
  const { fake, provider } = useFake(transport);

  it('a read whose error quotes the stored value (details and message)', async () => {
    fake.put('db', VALUE);
    const p = provider();
    fake.failNext('INVALID_ARGUMENT', { message: `cannot serve "${VALUE}": ${VALUE}`, reason: PLAIN_VALUE });
    const error = await rejection(p.getSecret({ name: 'db' }, context()));
    expect(error.code).toBe('INVALID_REQUEST');
    expectNoLeaks(findLeaks(error, CANARIES.slice(0, 1), { path: 'error' }));
    await p.close();
  });

  it('setSecret (AddSecretVersion) whose error quotes the value sent, by text and as its reason', async () => {
    const p = provider();
    fake.put('db', 'old');
    if (transport === 'rest') {
      fake.answerNext(
        async (request) => {
          const sent = Buffer.from(
            ((await request.json()) as { payload: { data: string } }).payload.data,
            'base64',
          );
          const text = sent.toString('utf8');
          return jsonError(400, 'INVALID_ARGUMENT', `payload ${text} rejected ("${text}")`, [
            { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: text, domain: 'googleapis.com' },
            { '@type': 'type.googleapis.com/google.rpc.RequestInfo', requestId: text },
          ]);
        },
        { operations: ['AddSecretVersion'], times: 2 },
      );
    } else {
      for (const value of [VALUE, PLAIN_VALUE]) {
        fake.failNext('INVALID_ARGUMENT', {
          operations: ['AddSecretVersion'],
          message: `payload ${value} rejected ("${value}")`,
          reason: value,
          requestId: value,
        });
      }
    }
    for (const value of [VALUE, PLAIN_VALUE]) {
      const error = await rejection(p.setSecret('db', value, context()));
      expect(error.code).toBe('INVALID_REQUEST');
      expectNoLeaks(findLeaks(error, CANARIES.slice(0, 2), { path: 'error' }));
    }
    expect(fake.calls.count('AddSecretVersion')).toBe(2);
    await p.close();
  });
});
