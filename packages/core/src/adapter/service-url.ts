// The base URL of a service an adapter sends credentials to, checked once for every adapter: an
// http(s) URL with no credentials, query or fragment, and plain http only to loopback (a fake's
// socket) unless the user opts in, so a token never crosses a network in clear (DESIGN §5).
import type { AdapterKit } from './define-adapter.js';
import { hasUnprintable } from './request-check.js';

export interface ServiceUrlRules {
  /** The option's name in messages: `'address'`, `'apiUrl'`. */
  option: string;
  /** A good value for messages: `'https://vault.example.com:8200'`. */
  example: string;
  /** Whether a path may follow the origin (kept without its trailing `/`). @default false */
  allowPath?: boolean;
  /** Allow plain http to a host that is not loopback. @default false */
  allowInsecureHttp?: boolean;
}

/** True for 127.0.0.0/8, `localhost` and `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host === '::1') return true;
  const parts = host.split('.');
  return (
    parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)
  );
}

/**
 * The checked base URL (origin, plus the path without its trailing `/` when `allowPath`), or CONFIG.
 * `?` and `#` are refused anywhere, even empty: URL parsing would drop them and send every request
 * to another place than the user wrote.
 */
export function checkServiceUrl(kit: AdapterKit, value: unknown, rules: ServiceUrlRules): string {
  const { option, example } = rules;
  const must = `\`${option}\` must be an http(s) URL such as ${example}`;
  if (typeof value !== 'string' || hasUnprintable(value) || /\s/.test(value) || !URL.canParse(value)) {
    throw kit.configError(`${must}, without whitespace or control characters`);
  }
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw kit.configError(must);
  if (url.username !== '' || url.password !== '' || value.includes('@')) {
    throw kit.configError(`\`${option}\` must not carry credentials`);
  }
  if (value.includes('?') || value.includes('#')) {
    throw kit.configError(`\`${option}\` must have no query or fragment`);
  }
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  if ((path !== '' && !rules.allowPath) || path.includes('//'))
    throw kit.configError(`${must}, with no path`);
  if (url.protocol === 'http:' && !rules.allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw kit.configError(
      `refusing plain http to ${url.hostname} in \`${option}\`: credentials would travel unencrypted ` +
        '(use https; http is allowed only to a loopback host)',
    );
  }
  return `${url.origin}${path}`;
}
