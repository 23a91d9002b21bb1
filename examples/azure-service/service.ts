// A small HTTP service on secretkit and Azure Key Vault: it reads a database connection string
// with a managed identity in production (any TokenCredential in its test), keeps it cached, and
// swaps its connection when the secret rotates (the client's `rotate` event).
import { createServer, type Server } from 'node:http';
import { type AzureKeyVaultOptions, azureKeyVault } from '@secretkit/azure';
import { createSecretsClient, type SecretsClient } from '@secretkit/core';

export const SECRET_NAME = process.env.DB_SECRET_NAME ?? 'db-connection-string';

/** Stands in for a database driver's pool: it remembers the connection string it opened with. */
export interface Connection {
  id: number;
  connectionString: string;
  close(): void;
}

export interface ServiceOptions {
  /** e.g. https://myvault.vault.azure.net (production: from KEY_VAULT_URL). */
  vaultUrl: string;
  /** Omitted in production: DefaultAzureCredential (the managed identity) from @azure/identity. */
  credential?: AzureKeyVaultOptions['credential'];
}

export interface Service {
  secrets: SecretsClient;
  /** Handles one request: `GET /whoami` answers which connection serves it. */
  handle(path: string): Promise<{ status: number; body: unknown }>;
  /** Starts listening on `port` (0: any free port). */
  listen(port: number): Promise<Server>;
  close(): Promise<void>;
}

export function createService(options: ServiceOptions): Service {
  const secrets = createSecretsClient({
    provider: azureKeyVault({
      vaultUrl: options.vaultUrl,
      ...(options.credential === undefined ? {} : { credential: options.credential }),
    }),
    cache: { ttl: '8h', staleIfError: '1d' }, // Key Vault guidance: cache for at least eight hours
  });
  let opened = 0;
  let connection: Promise<Connection> | undefined;
  let server: Server | undefined;

  async function connect(): Promise<Connection> {
    const connectionString = await secrets.get(SECRET_NAME);
    opened++;
    return { id: opened, connectionString, close() {} };
  }

  // A new version: drop the old connection; the next request opens one with the new string.
  secrets.on('rotate', ({ name }) => {
    if (name !== SECRET_NAME || connection === undefined) return;
    const old = connection;
    connection = undefined;
    old.then((c) => c.close()).catch(() => {});
  });

  async function handle(path: string): Promise<{ status: number; body: unknown }> {
    if (path !== '/whoami') return { status: 404, body: { error: 'not found' } };
    connection ??= connect().catch((error: unknown) => {
      connection = undefined;
      throw error;
    });
    try {
      const db = await connection;
      return {
        status: 200,
        body: { connectionId: db.id, server: new URL(`x://${hostOf(db.connectionString)}`).host },
      };
    } catch {
      return { status: 503, body: { error: 'database credentials unavailable' } }; // never the secret
    }
  }

  return {
    secrets,
    handle,
    listen(port) {
      server = createServer((request, response) => {
        handle(request.url ?? '/').then(({ status, body }) => {
          response.writeHead(status, { 'content-type': 'application/json' });
          response.end(JSON.stringify(body));
        });
      });
      const listening = server;
      return new Promise((resolve) => listening.listen(port, () => resolve(listening)));
    },
    async close() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await secrets.close();
    },
  };
}

/** The `Server=` part of an ADO.NET-style connection string. */
function hostOf(connectionString: string): string {
  const match = /(?:^|;)\s*Server\s*=\s*(?:tcp:)?([^;,]+)/i.exec(connectionString);
  return match?.[1] ?? 'unknown';
}

// `node service.ts` with KEY_VAULT_URL set runs it with the managed identity.
if (import.meta.url === `file://${process.argv[1]}`) {
  const vaultUrl = process.env.KEY_VAULT_URL;
  if (vaultUrl === undefined) throw new Error('set KEY_VAULT_URL, e.g. https://myvault.vault.azure.net');
  const port = Number(process.env.PORT ?? 8080);
  await createService({ vaultUrl }).listen(port);
  console.log(`listening on :${port}`);
}
