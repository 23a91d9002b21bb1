// The quickstart (`npm run demo`): a secrets client over the in-memory provider, showing a first
// fetch, a cache hit, a typed error for a missing secret, a stale value served while the provider
// is down, and a rotation event. Swap createMemoryProvider() for awsSecretsManager() & co. in a real service.
import { createSecretsClient, SecretsError } from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';

const provider = createMemoryProvider({
  secrets: { 'prod/db': { username: 'app', password: 'correct-horse-battery-staple' } },
});
const secrets = createSecretsClient({
  provider,
  cache: { ttl: '200ms', staleIfError: '1m' }, // a short ttl so the demo can outlive it
  retry: { retries: 2, minDelay: '10ms', maxDelay: '50ms' },
});
const calls = () => `provider calls so far: ${provider.callCount('getSecret')}`;
const masked = (value: string) => `${value.slice(0, 2)}${'*'.repeat(value.length - 2)}`;

// 1. The first read goes to the provider.
const username = await secrets.get('prod/db', { field: 'username' });
console.log(`1. first fetch    prod/db username=${username}  (${calls()})`);

// 2. Later reads are served from the cache: every field of one secret shares one entry.
const password = await secrets.get('prod/db', { field: 'password' });
console.log(`2. cache hit      prod/db password=${masked(password)}  (${calls()})`);

// 3. A secret that cannot be had is an error with a code, never a fallback value.
try {
  await secrets.get('prod/missing');
} catch (error) {
  if (!(error instanceof SecretsError)) throw error;
  console.log(`3. typed error    ${error.code}: ${error.message}  (${calls()})`);
}

// 4. The provider goes down; once the ttl has passed, the last good value is served, marked stale.
provider.failFor(60_000, 'UNAVAILABLE');
secrets.on('error', ({ name, error }) =>
  console.log(`   error event    ${name}: ${error.code} (serving stale)`),
);
await new Promise((resolve) => setTimeout(resolve, 250));
const during = await secrets.getSecret('prod/db');
console.log(
  `4. outage         prod/db version ${during.version} stale=${during.stale} username=${during.json<{ username: string }>().username}  (${calls()})`,
);

// 5. The password rotates. watch() polls cheaply (every minute by default); here the provider also
//    pushes a change hint, so the new version is read at once and the listener hears of it.
provider.clearFaults();
secrets.watch('prod/db', ({ previousVersion, version, secret }) => {
  const { password: next } = secret.json<{ password: string }>();
  console.log(`5. rotation       prod/db version ${previousVersion} -> ${version}, password=${masked(next)}`);
});
provider.set('prod/db', { username: 'app', password: 'new-horse-battery-staple' });
provider.emitChange({ name: 'prod/db' });
await new Promise((resolve) => setTimeout(resolve, 20));

console.log(`   stats          ${JSON.stringify(secrets.stats())}`);
await secrets.close();
