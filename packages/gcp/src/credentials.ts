// The credentials the adapter sends with, read when an error is built so every cause scrubs them: a
// server or a proxy may echo the access token, with or without its `Bearer ` prefix.

/** Token fields of google-auth-library's `Credentials` (and a service account key's private key). */
const SECRET_FIELDS = ['access_token', 'refresh_token', 'id_token', 'private_key'] as const;

/**
 * Every credential string reachable from `sources` right now, without asking anyone: an auth
 * client's cached `credentials` (OAuth2Client and its kin), a GoogleAuth's `cachedCredential` and
 * inline `credentials`, an `apiKey`. Sources are the `authClient` option, the `clientOptions` and the
 * SDK client's `auth` (ours or yours).
 */
export function credentialsOf(...sources: unknown[]): string[] {
  const found = new Set<string>();
  const visit = (source: unknown, depth: number) => {
    if (typeof source !== 'object' || source === null || depth > 3) return;
    const fields = source as Record<string, unknown>;
    for (const holder of [fields.credentials, fields]) {
      if (typeof holder !== 'object' || holder === null) continue;
      for (const key of SECRET_FIELDS) {
        const value = (holder as Record<string, unknown>)[key];
        if (typeof value === 'string' && value !== '') found.add(value);
      }
    }
    if (typeof fields.apiKey === 'string' && fields.apiKey !== '') found.add(fields.apiKey);
    visit(fields.cachedCredential, depth + 1);
    visit(fields.authClient, depth + 1);
  };
  for (const source of sources) visit(source, 0);
  return [...found];
}
