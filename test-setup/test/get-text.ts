// A GET through Node's own http/https client (not fetch), read to the end as text: the tests of the
// guard and of the msw helper check with it what such a request reached.
import http from 'node:http';
import https from 'node:https';

/** GETs `url` with node:https or node:http, by its scheme; resolves with the status and the body. */
export function getText(url: string): Promise<{ status: number | undefined; body: string }> {
  const client = new URL(url).protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    client
      .get(url, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode, body }));
      })
      .on('error', reject);
  });
}
