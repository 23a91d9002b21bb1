// An AWS Lambda handler on secretkit: the client is built once per container (outside the handler)
// and reused across invocations, the database password is one field of a JSON secret, and a
// rotation (seen by a refresh, a watch poll or a read after the cache ttl) swaps the connection.
import { awsSecretsManager } from '@secretkit/aws';
import { createSecretsClient } from '@secretkit/core';

export const SECRET_ID = process.env.DB_SECRET_ID ?? 'prod/db';

/** Stands in for a database driver's connection: it remembers the credentials it opened with. */
export interface Connection {
  id: number;
  username: string;
  password: string;
  close(): void;
}

let opened = 0;
function openConnection(username: string, password: string): Connection {
  opened++;
  return { id: opened, username, password, close() {} };
}

// Built once per container: the SDK client, the cache and the rotation listener survive between
// invocations, so a warm invocation makes no Secrets Manager request.
export const secrets = createSecretsClient({
  provider: awsSecretsManager(),
  cache: { ttl: '5m', staleIfError: '15m' },
});

let connection: Promise<Connection> | undefined;

async function connect(): Promise<Connection> {
  const [username, password] = await Promise.all([
    secrets.get(SECRET_ID, { field: 'username' }),
    secrets.get(SECRET_ID, { field: 'password' }),
  ]);
  return openConnection(username, password);
}

// A new version of the secret: close the old connection; the next invocation opens a new one.
secrets.on('rotate', ({ name }) => {
  if (name !== SECRET_ID || connection === undefined) return;
  const old = connection;
  connection = undefined;
  old.then((c) => c.close()).catch(() => {});
});

export interface HandlerEvent {
  query?: string;
}

export async function handler(
  event: HandlerEvent,
): Promise<{ connectionId: number; user: string; query: string }> {
  connection ??= connect().catch((error: unknown) => {
    connection = undefined; // do not keep a failed connect
    throw error;
  });
  const db = await connection;
  return { connectionId: db.id, user: db.username, query: event.query ?? 'select 1' };
}
