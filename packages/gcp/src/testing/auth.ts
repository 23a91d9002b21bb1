// fakeAuthClient: an OAuth2Client holding a test access token that never expires, so the Google
// client never fetches a token nor probes the metadata server.
import { OAuth2Client } from 'google-auth-library';

/** A google-auth-library OAuth2Client with `access_token` (default 'test') valid for a long time. */
export function fakeAuthClient(accessToken = 'test'): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: accessToken, expiry_date: Date.now() + 10 * 365 * 24 * 3600 * 1000 });
  return client;
}
