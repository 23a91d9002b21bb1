// A Cloud Run service on secretkit: it guards its endpoints with an API key kept in Google Secret
// Manager, read with Application Default Credentials (the service account Cloud Run runs as), and
// swaps the key in memory when a new version appears (a `rotate` event from a watch poll or a refresh).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createSecretsClient, type Duration, type SecretProvider, type SecretsClient } from '@secretkit/core';
import { gcpSecretManager } from '@secretkit/gcp';

export const API_KEY_SECRET = process.env.API_KEY_SECRET ?? 'service-api-key';

export interface ServiceOptions {
  /** The provider; in production, Secret Manager with ADC (no options: project from the environment). */
  provider?: SecretProvider;
  /** How often to look for a new version (one GetSecretVersion per poll). Off when undefined. */
  watchInterval?: Duration;
}

export interface Service {
  readonly server: Server;
  readonly secrets: SecretsClient;
  /** The version of the key in use. */
  keyVersion(): string | undefined;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function createService(options: ServiceOptions = {}): Service {
  const secrets = createSecretsClient({
    provider: options.provider ?? gcpSecretManager(),
    cache: { ttl: '1h', staleIfError: '6h' },
  });
  let current: { key: string; version: string | undefined } | undefined;

  async function apiKey(): Promise<string> {
    if (current === undefined) {
      const secret = await secrets.getSecret(API_KEY_SECRET);
      current = { key: secret.text(), version: secret.version };
    }
    return current.key;
  }

  // A new version: swap the key at once; requests with the old key are refused from now on.
  secrets.on('rotate', ({ name, secret }) => {
    if (name === API_KEY_SECRET) current = { key: secret.text(), version: secret.version };
  });
  const stopWatching =
    options.watchInterval === undefined
      ? () => {}
      : secrets.watch(API_KEY_SECRET, () => {}, { interval: options.watchInterval });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.url === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    let key: string;
    try {
      key = await apiKey();
    } catch {
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"secrets unavailable"}');
      return;
    }
    if (request.headers['x-api-key'] !== key) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"bad api key"}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hello: 'world' }));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end());
  });

  return {
    server,
    secrets,
    keyVersion: () => current?.version,
    listen(port, host) {
      return new Promise((resolve) => {
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === 'object' && address !== null ? address.port : port);
        });
      });
    },
    async close() {
      stopWatching();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await secrets.close();
    },
  };
}

// `node service.ts` (Node 22 with type stripping): listen on $PORT as Cloud Run expects.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const service = createService({ watchInterval: '5m' });
  const port = await service.listen(Number(process.env.PORT ?? 8080));
  console.log(`listening on ${port}`);
  process.on('SIGTERM', () => {
    service.close().then(() => process.exit(0));
  });
}
