// A database pool that follows password rotation without downtime: watch() swaps the pool's
// credentials when a new version appears, and withSecret() re-reads and retries once when the
// database rejects a password before the watcher noticed (the rotation raced a request).
// Run: node scripts/run.mjs pnpm --filter @secretkit/example-rotation start
import { createSecretsClient, type SecretsClient } from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';

interface Credentials {
  username: string;
  password: string;
}

/** Stands in for a real database: it accepts only the password it currently has. */
class FakeDatabase {
  password: string;
  constructor(password: string) {
    this.password = password;
  }
  async query(credentials: Credentials, sql: string): Promise<string> {
    if (credentials.password !== this.password) {
      throw Object.assign(new Error('password authentication failed'), { code: '28P01' }); // as pg does
    }
    return `ok: ${sql}`;
  }
}

/** A pool whose new connections use the latest credentials; old ones drain. */
class Pool {
  generation = 1;
  #credentials: Credentials;
  readonly #database: FakeDatabase;
  constructor(credentials: Credentials, database: FakeDatabase) {
    this.#credentials = credentials;
    this.#database = database;
  }
  swap(credentials: Credentials): void {
    this.#credentials = credentials;
    this.generation++;
  }
  query(sql: string, credentials: Credentials = this.#credentials): Promise<string> {
    return this.#database.query(credentials, sql);
  }
}

const provider = createMemoryProvider({ secrets: { 'prod/db': { username: 'app', password: 'v1-pass' } } });
const database = new FakeDatabase('v1-pass');
const secrets: SecretsClient = createSecretsClient({ provider });

const pool = new Pool(await secrets.getJson<Credentials>('prod/db'), database);
const stopWatching = secrets.watch('prod/db', ({ previousVersion, version, secret }) => {
  pool.swap(secret.json<Credentials>());
  console.log(`rotation ${previousVersion} -> ${version}: pool now on generation ${pool.generation}`);
});

console.log(await pool.query('select 1'));

// The password rotates in the secret manager and in the database at the same moment. The next
// query races the watcher: it fails authentication, withSecret re-reads, sees version 2, retries.
provider.set('prod/db', { username: 'app', password: 'v2-pass' });
database.password = 'v2-pass';
const answer = await secrets.withSecret('prod/db', async (text) => {
  const credentials = JSON.parse(text) as Credentials;
  return pool.query('select 2', credentials);
});
console.log(answer);

// The refresh withSecret made was a rotation too: the watcher already swapped the pool.
console.log(await pool.query('select 3'));
console.log(`provider reads: ${provider.callCount('getSecret')}`);
stopWatching();
await secrets.close();
