// Text that may reach an error (an SDK message, a server's error text) made safe: credentials in
// every form an adapter knows are redacted, quoted parts and bodies are dropped (DESIGN §3, §5).

const REDACTED = '[redacted]';

/** Shortest known secret that is scrubbed by value: shorter strings would redact ordinary words. */
const MIN_SCRUBBED_LENGTH = 4;

/** Credential shapes redacted wherever they appear, whoever's they are. */
const CREDENTIAL_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // an auth scheme and its credentials: `Bearer abc`, `Basic dXNlcg==`
  [/\b(Bearer|Basic|Token|Negotiate|AWS4-HMAC-SHA256)\s+[^\s"',;]+/gi, `$1 ${REDACTED}`],
  // JWT-shaped strings (Kubernetes service-account tokens, OIDC id tokens)
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // AWS access key ids
  [/\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[A-Z0-9]{16}\b/g, REDACTED],
  // Vault tokens (hvs./hvb./hvr. and the legacy s./b./r. forms)
  [/\b(?:hv[sbr]|[sbr])\.[A-Za-z0-9_-]{20,}/g, REDACTED],
  // Doppler tokens
  [/\bdp\.(?:st|pt|sa|ct|scim|audit)\.[A-Za-z0-9._-]+/g, REDACTED],
  // Google OAuth access tokens
  [/\bya29\.[A-Za-z0-9._-]+/g, REDACTED],
  // key = value and "key": "value" forms of credential fields and headers
  [
    /\b(x-amz-security-token|x-amz-credential|x-amz-signature|signature|credential|x-vault-token|x-secretkit-token|x-aws-parameters-secrets-token|authorization|proxy-authorization|cookie|set-cookie|access_?token|id_?token|refresh_?token|client_?secret|secret_?id|role_?id|password|passwd|api_?key|token|jwt)(["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi,
    `$1$2${REDACTED}`,
  ],
];

/** Messages of parse failures, which quote the body they failed on (Node, the SDKs' own parsers). */
const PARSE_FAILURE =
  /Unexpected (?:token|end of|non-whitespace|character|identifier|number|string)|in JSON at position|is not valid JSON|JSON Parse error|Unterminated string|Bad control character|Bad escaped character|parsing the response|Expected .{1,40} in JSON|invalid json|not well-formed|XML parse/i;

/** Every encoding of `secret` an echo or a parse error could produce. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(Buffer.from(secret, 'utf8').toString('base64'));
  forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
  forms.add(encodeURIComponent(secret));
  forms.add(JSON.stringify(secret).slice(1, -1));
  return [...forms].filter((form) => form.length >= MIN_SCRUBBED_LENGTH);
}

/**
 * `text` with every credential shape and every form of each known secret (the adapter's token, a
 * value being written) replaced by `[redacted]`.
 */
export function scrubCredentials(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SCRUBBED_LENGTH) continue;
    for (const form of secretForms(secret)) out = out.split(form).join(REDACTED);
  }
  for (const [pattern, replacement] of CREDENTIAL_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Longest message kept from an SDK or a server. */
const MAX_MESSAGE_LENGTH = 200;

/**
 * A message safe for a cause: a parse failure becomes a fixed sentence (its text quotes the body);
 * otherwise everything from the first `{` or `<` (a JSON or HTML body) is dropped, quoted parts are
 * redacted (a server quoting what it was sent), credentials are scrubbed, whitespace folded, and the
 * result cut to 200 characters.
 */
export function safeMessage(text: unknown, secrets: readonly (string | undefined)[] = []): string {
  if (typeof text !== 'string' || text.trim() === '') return '';
  if (PARSE_FAILURE.test(text)) return 'the response body could not be parsed';
  let out = text;
  const body = out.search(/[{<]/);
  if (body >= 0) out = out.slice(0, body);
  out = scrubCredentials(out, secrets);
  out = out.replace(/"[^"]*"|`[^`]*`|“[^”]*”|'[^'\s][^']*'(?=[\s,.:;)]|$)/g, REDACTED);
  out = out.replace(/\b([\w.-]+\s?=\s?)(?!\[redacted\])[^\s&;,]+/g, `$1${REDACTED}`); // key=value of any key
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > MAX_MESSAGE_LENGTH ? `${out.slice(0, MAX_MESSAGE_LENGTH)}…` : out;
}

/** `value` when it is a plain identifier (an exception name, an error code), else undefined. */
export function safeIdentifier(value: unknown, maxLength = 64): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) return undefined;
  return /^[A-Za-z][A-Za-z0-9_.:#-]*$/.test(value) ? value : undefined;
}

/** `value` when it looks like a request id (letters, digits, `-_.:/`), else undefined. */
export function safeRequestId(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 128) return undefined;
  return /^[A-Za-z0-9._:/-]+$/.test(value) ? value : undefined;
}
