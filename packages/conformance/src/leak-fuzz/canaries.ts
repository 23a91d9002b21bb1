// Canaries: unique, seeded fake secrets (a value and each kind of credential) and every form in
// which finding one counts as a leak: the raw text and the encodings an echo or a parse error makes.
import { inspect } from 'node:util';
import { deriveSeed, randomText, seededRandom } from './random.js';

/** What a canary stands for: a secret value, or a credential an adapter holds. */
export type CanaryKind = 'value' | 'token' | 'key' | 'password' | 'jwt';

/**
 * How a canary showed. Every form is a leak:
 * - `raw`: the text itself;
 * - `json`: JSON-escaped (`JSON.stringify`, and Go's `\u0026`-style escaping of `<>&` and non-ASCII);
 * - `inspect`: escaped as `util.inspect` quotes a string;
 * - `url`: `encodeURIComponent`, `encodeURI` and form encoding (`+` for a space);
 * - `base64`: standard or URL alphabet, at any byte alignment (a canary inside a longer encoded text);
 * - `hex`: its UTF-8 bytes in hex, either case;
 * - `fragment`: any 9 or more consecutive characters of one of the forms above but hex, as a parse
 *   error quotes them (V8's JSON.parse quotes 10 characters of the text around the error); windows
 *   made only of a canary's fixed parts (its punctuation, a JWT header) do not count.
 */
export type CanaryForm = 'raw' | 'json' | 'inspect' | 'url' | 'base64' | 'hex' | 'fragment';

/** One form of a canary, as searched for. */
export interface CanaryNeedle {
  readonly form: Exclude<CanaryForm, 'fragment'>;
  readonly text: string;
}

/** A fake secret and the needles that find it. */
export interface Canary {
  readonly kind: CanaryKind;
  readonly text: string;
  /** Whole-text forms, strongest first (raw first). */
  readonly needles: readonly CanaryNeedle[];
  /** 8-character windows of the needles that identify this canary, with the form they come from. */
  readonly fragments: ReadonlyMap<string, CanaryNeedle['form']>;
}

/** The canaries of one seed: plant them in values and credentials, then search for them. */
export interface Canaries {
  readonly seed: number;
  /** A secret value with characters every encoding changes: `"`, `\`, `/`, a space, `&`, `+`, `é`, a newline. Starts with a letter JSON cannot start with. */
  readonly value: string;
  /** An access token (header-safe: letters, digits, `+/=`), as AWS session and Vault tokens look. */
  readonly token: string;
  /** A signing or API key (40 characters, as an AWS secret access key). */
  readonly key: string;
  /** A password or client secret (with `!#%@&="`). */
  readonly password: string;
  /** A JWT-shaped token (HS256 header, a random `jti`, a random signature), as Azure and Kubernetes tokens look. */
  readonly jwt: string;
  /** `Bearer <token>`, as an Authorization header carries it. */
  readonly bearer: string;
  /** Every canary above with its needles. */
  readonly list: readonly Canary[];
}

/** Length of a fragment window; a scan at every second position finds any 9-character excerpt. */
export const FRAGMENT_WINDOW = 8;

const ALPHANUMERIC = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const BASE64URL = `${ALPHANUMERIC}-_`;
const JWT_HEADER = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');

type Builder = (random: () => number) => string;

const BUILDERS: Readonly<Record<CanaryKind, Builder>> = {
  value: (r) =>
    `V${randomText(11, ALPHANUMERIC, r)}"é/ ${randomText(10, ALPHANUMERIC, r)}\\\n&+${randomText(10, ALPHANUMERIC, r)}`,
  token: (r) =>
    `T${randomText(15, ALPHANUMERIC, r)}+${randomText(10, ALPHANUMERIC, r)}/${randomText(10, ALPHANUMERIC, r)}=`,
  key: (r) =>
    `K${randomText(19, ALPHANUMERIC, r)}/${randomText(10, ALPHANUMERIC, r)}+${randomText(9, ALPHANUMERIC, r)}`,
  password: (r) =>
    `P${randomText(11, ALPHANUMERIC, r)}!#%@${randomText(10, ALPHANUMERIC, r)}&="${randomText(10, ALPHANUMERIC, r)}`,
  jwt: (r) =>
    `${JWT_HEADER}.${Buffer.from(`{"jti":"${randomText(24, ALPHANUMERIC, r)}"}`).toString('base64url')}.${randomText(43, BASE64URL, r)}`,
};

const KINDS = Object.keys(BUILDERS) as CanaryKind[];

/**
 * The canaries of `seed`: the same seed gives the same texts, different seeds different ones.
 * @example
 * const canaries = createCanaries(7);
 * provider = myAdapter({ token: canaries.token });
 */
export function createCanaries(seed: number): Canaries {
  const texts = {} as Record<CanaryKind, string>;
  const list = KINDS.map((kind) => {
    const build = BUILDERS[kind];
    const text = build(seededRandom(deriveSeed(seed, 'canary', kind)));
    const twin = build(seededRandom(deriveSeed(seed, 'twin', kind)));
    texts[kind] = text;
    return defineCanary(kind, text, twin);
  });
  return { seed, ...texts, bearer: `Bearer ${texts.token}`, list };
}

/**
 * A canary for a text of your own (a value your fake serves, a token it issues). `twin`, a text of
 * the same shape with other random parts, lets fragments skip the fixed parts; without it every
 * window counts, so give texts that are random throughout.
 */
export function defineCanary(kind: CanaryKind, text: string, twin?: string): Canary {
  const needles = needlesOf(text);
  const common = new Set(
    twin === undefined ? [] : needlesOf(twin).flatMap((needle) => windowsOf(needle.text)),
  );
  const fragments = new Map<string, CanaryNeedle['form']>();
  for (const needle of needles) {
    if (needle.form === 'hex') continue; // 8 hex digits are 4 bytes: too weak to tell a canary
    for (const window of windowsOf(needle.text)) {
      if (!common.has(window) && !fragments.has(window)) fragments.set(window, needle.form);
    }
  }
  return { kind, text, needles, fragments };
}

function needlesOf(text: string): CanaryNeedle[] {
  const bytes = Buffer.from(text, 'utf8');
  const candidates: CanaryNeedle[] = [
    { form: 'raw', text },
    { form: 'json', text: JSON.stringify(text).slice(1, -1) },
    { form: 'json', text: asciiJson(text) },
    { form: 'inspect', text: inspect(text).slice(1, -1) },
    { form: 'url', text: encodeURIComponent(text) },
    { form: 'url', text: encodeURI(text) },
    { form: 'url', text: new URLSearchParams({ q: text }).toString().slice(2) },
    ...[0, 1, 2].flatMap((shift): CanaryNeedle[] => {
      const aligned = bytes.subarray(shift, shift + Math.floor((bytes.length - shift) / 3) * 3);
      return [
        { form: 'base64', text: aligned.toString('base64') },
        { form: 'base64', text: aligned.toString('base64url') },
      ];
    }),
    { form: 'hex', text: bytes.toString('hex') },
    { form: 'hex', text: bytes.toString('hex').toUpperCase() },
  ];
  const seen = new Set<string>();
  return candidates.filter((needle) => {
    if (seen.has(needle.text)) return false;
    seen.add(needle.text);
    return true;
  });
}

/** JSON escaping as Go's encoding/json (and Python's ensure_ascii) writes it: `<>&` and non-ASCII as \uXXXX. */
function asciiJson(text: string): string {
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/[<>&\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function windowsOf(text: string): string[] {
  const windows: string[] = [];
  for (let start = 0; start + FRAGMENT_WINDOW <= text.length; start++) {
    windows.push(text.slice(start, start + FRAGMENT_WINDOW));
  }
  return windows;
}
