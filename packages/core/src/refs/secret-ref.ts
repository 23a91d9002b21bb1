// The SecretRef type, the scheme names and their aliases (vals' names canonical, go-cloud's and the
// short forms as aliases: DESIGN §8), and isSecretRef, the cheap "is this string a ref?" test.

/** The canonical schemes, in the order the docs list them. */
export const SECRET_REF_SCHEMES = [
  'awssecrets',
  'azurekeyvault',
  'gcpsecrets',
  'vault',
  'openbao',
  'doppler',
  'file',
  'memory',
] as const;

export type SecretRefScheme = (typeof SECRET_REF_SCHEMES)[number];

/** Other names accepted for a scheme (compared lower-cased); the canonical form is the scheme. */
export const SECRET_REF_ALIASES: Readonly<Record<string, SecretRefScheme>> = Object.freeze({
  'aws-sm': 'awssecrets',
  awssecretsmanager: 'awssecrets',
  'azure-kv': 'azurekeyvault',
  'gcp-sm': 'gcpsecrets',
  gcpsecretmanager: 'gcpsecrets',
  hashivault: 'vault',
});

/** A parsed reference to one secret in one provider. */
export interface SecretRef {
  readonly scheme: SecretRefScheme;
  /** What the provider's getSecret receives as `request.name`. */
  readonly name: string;
  readonly version?: string;
  readonly stage?: string;
  /** The JSON pointer's unescaped tokens; absent when the ref has no fragment. */
  readonly pointer?: readonly string[];
  /** Connection facts: region, vaultUrl, project, location, namespace, config. */
  readonly params: Readonly<Record<string, string>>;
}

/** The prefixes vals uses to mark a ref inside a larger value; optional here. */
export const REF_PREFIXES = ['ref+', 'secretref+'] as const;

const SCHEME_BEFORE_SEPARATOR = /^([A-Za-z][A-Za-z0-9.+-]*):\/\//;

/** The canonical scheme for a scheme name or alias (any case), or undefined when it is neither. */
export function canonicalScheme(name: string): SecretRefScheme | undefined {
  const lower = name.toLowerCase();
  if ((SECRET_REF_SCHEMES as readonly string[]).includes(lower)) return lower as SecretRefScheme;
  return Object.hasOwn(SECRET_REF_ALIASES, lower) ? SECRET_REF_ALIASES[lower] : undefined;
}

/** The vals prefix `text` starts with ('' when none). */
export function refPrefixOf(text: string): string {
  return REF_PREFIXES.find((prefix) => text.startsWith(prefix)) ?? '';
}

/**
 * True when `text` looks like a ref: an optional `ref+`/`secretref+`, a known scheme or alias (any
 * case), then `://`. It does not check the rest: parseSecretRef may still refuse it (CONFIG).
 */
export function isSecretRef(text: string): boolean {
  if (typeof text !== 'string') return false;
  const match = SCHEME_BEFORE_SEPARATOR.exec(text.slice(refPrefixOf(text).length));
  return match !== null && canonicalScheme(match[1]!) !== undefined;
}
