// Hostile server answers as plain data (status, headers, body), each carrying canaries where a
// careless adapter would copy them into an error: proxy pages, malformed 200s, error texts quoting
// the value, echoed credentials. Adapter tests turn them into responses on their own wire.
import type { Canaries } from './canaries.js';
import { pick, randomText, shuffled } from './random.js';

/** The kinds of hostile answer, each tried once per round. */
export const HOSTILE_ANSWER_KINDS = [
  /** An HTML page from a proxy (200, 502, 503 or 504) that quotes the value and the token. */
  'html-proxy-page',
  /** A 200 whose body is the value itself, not JSON: a JSON parse error quotes its first characters. */
  'bare-value',
  /** A 200 in the provider's JSON shape with the value unquoted: the parse error quotes the value. */
  'unquoted-value',
  /** A 200 in the provider's JSON shape cut short after or inside the value. */
  'truncated-json',
  /** A 4xx/5xx error in the provider's shape whose message quotes the value (as a server echoes what `setSecret` sent). */
  'error-quotes-value',
  /** A 400/401/403 whose headers (Authorization, X-Amz-Security-Token, X-Vault-Token, Set-Cookie, WWW-Authenticate) and message echo every credential, with and without the `Bearer ` prefix. */
  'echoed-credentials',
  /** A 401 quoting a JWT-shaped token in its message, WWW-Authenticate and an echoed Authorization. */
  'jwt-in-error',
  /** A 400/401 quoting the credentials and the value URL-encoded and in Basic auth (base64). */
  'encoded-echo',
] as const;

export type HostileAnswerKind = (typeof HOSTILE_ANSWER_KINDS)[number];

/** Whose wire a body imitates; `any` is plain text every adapter must survive. */
export type HostileDialect = 'aws' | 'azure' | 'gcp' | 'vault' | 'any';

export const HOSTILE_DIALECTS: readonly HostileDialect[] = ['aws', 'azure', 'gcp', 'vault', 'any'];

/** One answer a hostile server (or a proxy in front of it) sends. */
export interface HostileAnswer {
  readonly kind: HostileAnswerKind;
  readonly dialect: HostileDialect;
  /** For reports: kind, status, dialect and variant. */
  readonly label: string;
  readonly status: number;
  /** Header pairs; a name may repeat (Set-Cookie). Every value is a valid header value. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
}

export interface HostileAnswerOptions {
  /** Only these kinds. @default every kind in HOSTILE_ANSWER_KINDS */
  kinds?: readonly HostileAnswerKind[];
  /** Bodies in these dialects only (pass your wire's, and 'any'). @default every dialect */
  dialects?: readonly HostileDialect[];
}

/**
 * An endless, seeded sequence of hostile answers: each round holds every kind once, in shuffled
 * order, with fresh random variants (status, dialect, cut point), so `kinds.length` answers cover
 * every kind.
 */
export function* hostileAnswers(
  canaries: Canaries,
  random: () => number,
  options: HostileAnswerOptions = {},
): Generator<HostileAnswer, never> {
  const kinds = options.kinds ?? HOSTILE_ANSWER_KINDS;
  const dialects = options.dialects ?? HOSTILE_DIALECTS;
  if (kinds.length === 0 || dialects.length === 0)
    throw new RangeError('hostileAnswers: no kinds or dialects');
  for (;;) {
    for (const kind of shuffled(kinds, random)) yield BUILD[kind](canaries, random, pick(dialects, random));
  }
}

/** The answer as a fresh WHATWG Response (msw handlers may return it as is). */
export function toResponse(answer: HostileAnswer): Response {
  return new Response(answer.body, {
    status: answer.status,
    headers: answer.headers.map(([name, value]): [string, string] => [name, value]),
  });
}

type Build = (canaries: Canaries, random: () => number, dialect: HostileDialect) => HostileAnswer;

const JSON_TYPE: Readonly<Record<HostileDialect, string>> = {
  aws: 'application/x-amz-json-1.1',
  azure: 'application/json; charset=utf-8',
  gcp: 'application/json; charset=UTF-8',
  vault: 'application/json',
  any: 'text/plain; charset=utf-8',
};

/** A 2xx body of each wire with `valueJson` (a JSON text, or anything for a malformed one) where the value goes. */
function successBody(dialect: HostileDialect, valueJson: string, canaries: Canaries): string {
  switch (dialect) {
    case 'aws':
      return `{"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:app-AbCdEf","Name":"app","VersionId":"0d4e2c1a-1b2c-4d5e-8f90-a1b2c3d4e5f6","SecretString":${valueJson},"VersionStages":["AWSCURRENT"],"CreatedDate":1700000000}`;
    case 'azure':
      return `{"value":${valueJson},"id":"https://fake.vault.azure.net/secrets/app/0123456789abcdef0123456789abcdef","attributes":{"enabled":true,"created":1700000000}}`;
    case 'gcp':
      return `{"name":"projects/p/secrets/app/versions/1","payload":{"data":"${Buffer.from(canaries.value).toString('base64')}","text":${valueJson},"dataCrc32c":"1234"}}`;
    case 'vault':
      return `{"request_id":"5e1c0a9e-0000-4000-8000-000000000000","lease_id":"","renewable":false,"lease_duration":0,"data":{"data":{"password":${valueJson}},"metadata":{"version":1}}}`;
    case 'any':
      return `{"value":${valueJson}}`;
  }
}

/** An error body of each wire carrying `message`. */
function errorBody(dialect: HostileDialect, status: number, message: string): string {
  switch (dialect) {
    case 'aws':
      return JSON.stringify({ __type: 'InvalidParameterException', message, Message: message });
    case 'azure':
      return JSON.stringify({ error: { code: 'BadParameter', message, innererror: { code: 'Echo' } } });
    case 'gcp':
      return JSON.stringify({ error: { code: status, message, status: 'INVALID_ARGUMENT' } });
    case 'vault':
      return JSON.stringify({ errors: [`1 error occurred:\n\t* ${message}\n\n`] });
    case 'any':
      return message;
  }
}

const html = (canaries: Canaries, title: string) =>
  `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${title}</h1>` +
  `<p>The upstream answered: ${canaries.value}</p>` +
  `<!-- debug: Authorization: ${canaries.bearer}; X-Vault-Token: ${canaries.token} --></body></html>`;

const answer = (
  kind: HostileAnswerKind,
  dialect: HostileDialect,
  status: number,
  headers: Array<readonly [string, string]>,
  body: string,
  variant = '',
): HostileAnswer => ({
  kind,
  dialect,
  label: `${kind} ${status} (${dialect}${variant === '' ? '' : `, ${variant}`})`,
  status,
  headers,
  body,
});

const requestId = (random: () => number): readonly [string, string] => [
  'x-request-id',
  randomText(16, '0123456789abcdef', random),
];

const BUILD: Readonly<Record<HostileAnswerKind, Build>> = {
  'html-proxy-page': (canaries, random, dialect) => {
    const status = pick([200, 502, 503, 504], random);
    const title = status === 200 ? 'Sign in to continue' : `${status} Bad Gateway`;
    return answer(
      'html-proxy-page',
      dialect,
      status,
      [['content-type', 'text/html'], requestId(random)],
      html(canaries, title),
    );
  },
  'bare-value': (canaries, random, dialect) => {
    const type = pick([JSON_TYPE[dialect], 'application/json', 'text/plain'], random);
    return answer(
      'bare-value',
      dialect,
      200,
      [['content-type', type], requestId(random)],
      canaries.value,
      type,
    );
  },
  'unquoted-value': (canaries, random, dialect) =>
    answer(
      'unquoted-value',
      dialect,
      200,
      [['content-type', JSON_TYPE[dialect]], requestId(random)],
      successBody(dialect, canaries.value, canaries),
    ),
  'truncated-json': (canaries, random, dialect) => {
    const full = successBody(dialect, JSON.stringify(canaries.value), canaries);
    const valueAt = full.indexOf(JSON.stringify(canaries.value));
    const inside = random() < 0.5;
    // Inside: at least 12 characters of the value stay; after: anywhere past its end but the last character.
    const from = inside ? valueAt + 13 : valueAt + JSON.stringify(canaries.value).length;
    const to = inside ? valueAt + JSON.stringify(canaries.value).length - 1 : full.length - 1;
    const cut = from + Math.floor(random() * Math.max(1, to - from));
    const variant = inside ? 'cut inside the value' : 'cut after the value';
    return answer(
      'truncated-json',
      dialect,
      200,
      [['content-type', JSON_TYPE[dialect]]],
      full.slice(0, cut),
      variant,
    );
  },
  'error-quotes-value': (canaries, random, dialect) => {
    const status = pick([400, 403, 404, 409, 429, 500, 503], random);
    const message = pick(
      [
        `Invalid parameter value: "${canaries.value}"`,
        `secret value ${canaries.value} exceeds the maximum size`,
        `cannot decode ${canaries.value}: unexpected character`,
      ],
      random,
    );
    const headers: Array<readonly [string, string]> = [
      ['content-type', JSON_TYPE[dialect]],
      requestId(random),
    ];
    if (status === 429 || status === 503) headers.push(['retry-after', '1']);
    return answer('error-quotes-value', dialect, status, headers, errorBody(dialect, status, message));
  },
  'echoed-credentials': (canaries, random, dialect) => {
    const status = pick([400, 401, 403], random);
    const message =
      `invalid credentials: Authorization "${canaries.bearer}"; token ${canaries.token}; ` +
      `access key ${canaries.key}; secret_id ${canaries.password}`;
    const headers = shuffled<readonly [string, string]>(
      [
        ['authorization', canaries.bearer],
        ['x-amz-security-token', canaries.token],
        ['x-vault-token', canaries.token],
        ['set-cookie', `session=${canaries.token}; Path=/; HttpOnly`],
        ['set-cookie', `api_key=${canaries.key}; Path=/`],
        [
          'www-authenticate',
          `Bearer realm="fake", error="invalid_token", error_description="token ${canaries.token} is not valid"`,
        ],
      ],
      random,
    );
    return answer(
      'echoed-credentials',
      dialect,
      status,
      [['content-type', JSON_TYPE[dialect]], ...headers],
      errorBody(dialect, status, message),
    );
  },
  'jwt-in-error': (canaries, random, dialect) => {
    const message = `JWT ${canaries.jwt} has expired`;
    const headers: Array<readonly [string, string]> = [
      ['content-type', JSON_TYPE[dialect]],
      ['www-authenticate', `Bearer error="invalid_token", error_description="${canaries.jwt} expired"`],
      ['authorization', `Bearer ${canaries.jwt}`],
      requestId(random),
    ];
    return answer('jwt-in-error', dialect, 401, headers, errorBody(dialect, 401, message));
  },
  'encoded-echo': (canaries, random, dialect) => {
    const status = pick([400, 401], random);
    const basic = Buffer.from(`client:${canaries.password}`).toString('base64');
    const message =
      `redirect rejected: https://login.example/cb?token=${encodeURIComponent(canaries.token)}` +
      `&client_secret=${encodeURIComponent(canaries.password)}&value=${encodeURIComponent(canaries.value)}; ` +
      `Authorization: Basic ${basic}`;
    const headers: Array<readonly [string, string]> = [
      ['content-type', JSON_TYPE[dialect]],
      ['location', `https://login.example/?q=${encodeURIComponent(canaries.value)}`],
      ['authorization', `Basic ${basic}`],
    ];
    return answer('encoded-echo', dialect, status, headers, errorBody(dialect, status, message));
  },
};
