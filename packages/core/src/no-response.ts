// For adapters: the Node and undici error codes that mean a request got no response at all
// (refused, reset, DNS, unreachable). DESIGN §5: such failures are UNAVAILABLE.

const NO_RESPONSE_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** True when `code` (an error's `code`) says the request never got a response. */
export function isNoResponseCode(code: unknown): boolean {
  return typeof code === 'string' && NO_RESPONSE_CODES.has(code);
}
