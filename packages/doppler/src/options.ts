// dopplerSecrets() options (TSDoc, defaults) and their checks at construction: which token, which
// config, which API; everything wrong is CONFIG before any request, and no message quotes the token.
import { checkOptions, checkServiceUrl, hasUnprintable } from '@secretkit/core/adapter';
import { doppler } from './errors.js';

export interface DopplerSecretsOptions {
  /**
   * A Doppler access token, sent as `Authorization: Bearer <token>`. A service token (`dp.st.…`) is
   * scoped to one config and implies `project` and `config`; any other kind (personal `dp.pt.…`, CLI
   * `dp.ct.…`, service account `dp.sa.…`) needs both.
   * @default process.env.DOPPLER_TOKEN
   */
  token?: string;
  /** The project's slug. Required (with `config`) unless `token` is a service token. @default the service token's project */
  project?: string;
  /** The config's name (`dev`, `stg`, `prd`, a branch config such as `dev_alice`). @default the service token's config */
  config?: string;
  /** The API's base URL: `https://`, or `http://` on a loopback host only (a fake's socket). @default 'https://api.doppler.com' */
  apiUrl?: string;
  /** Your own `fetch` (a proxy agent, instrumentation), used as is. @default the global `fetch` */
  fetch?: typeof fetch;
}

/** The checked options a provider runs on. */
export interface DopplerSettings {
  token: string;
  /** Both set, or neither (a service token names its config). */
  scope: { project: string; config: string } | undefined;
  /** Origin and path prefix, no trailing slash. */
  apiUrl: string;
  fetch: typeof fetch | undefined;
}

const KNOWN_OPTIONS = ['token', 'project', 'config', 'apiUrl', 'fetch'] as const;
const DEFAULT_API_URL = 'https://api.doppler.com';
/** Visible ASCII only: a token goes into a header, and fetch's header error would quote it. */
const TOKEN_SHAPE = /^[\x21-\x7e]{1,1024}$/;

/** True for a service token, which names its own project and config. */
export function isServiceToken(token: string): boolean {
  return token.startsWith('dp.st.');
}

export function checkDopplerOptions(options: unknown): DopplerSettings {
  const given = checkOptions(doppler, options, KNOWN_OPTIONS) as DopplerSecretsOptions;
  const token = given.token ?? process.env.DOPPLER_TOKEN;
  if (token !== undefined && typeof token !== 'string') throw doppler.configError('`token` must be a string');
  if (!token) throw doppler.configError('no token: pass `token` or set DOPPLER_TOKEN');
  if (!TOKEN_SHAPE.test(token)) {
    throw doppler.configError('the token must be 1–1024 visible ASCII characters (no spaces or line breaks)');
  }
  const project = checkSlug('project', given.project);
  const config = checkSlug('config', given.config);
  if ((project === undefined) !== (config === undefined)) {
    throw doppler.configError(
      '`project` and `config` go together: pass both, or neither with a service token',
    );
  }
  if (project === undefined && !isServiceToken(token)) {
    throw doppler.configError(
      'a token that is not a service token (dp.st.…) needs `project` and `config`; pass both, or use a service token scoped to one config',
    );
  }
  if (given.fetch !== undefined && typeof given.fetch !== 'function') {
    throw doppler.configError('`fetch` must be a function');
  }
  return {
    token,
    scope: project === undefined ? undefined : { project, config: config! },
    apiUrl: checkApiUrl(given.apiUrl ?? DEFAULT_API_URL),
    fetch: given.fetch,
  };
}

function checkSlug(key: 'project' | 'config', value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'string' ||
    value === '' ||
    value.length > 256 ||
    /\s/.test(value) ||
    hasUnprintable(value)
  ) {
    throw doppler.configError(`\`${key}\` must be a non-empty name without spaces or control characters`);
  }
  return value;
}

/** The base URL without a trailing slash; plain http only to loopback, so the token never crosses a network in clear. */
function checkApiUrl(value: unknown): string {
  return checkServiceUrl(doppler, value, {
    option: 'apiUrl',
    example: 'https://api.doppler.com',
    allowPath: true,
  });
}
