// vault:// and openbao:// through the real @secretkit/vault adapter, built by default from the
// environment, against the Vault fake: vault:// uses VAULT_ADDR/VAULT_TOKEN; openbao:// uses
// BAO_ADDR/BAO_TOKEN/BAO_NAMESPACE and never sends anything to VAULT_ADDR or with VAULT_TOKEN.
import { createVaultFake } from '@secretkit/vault/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSecretResolver } from '../src/index.js';
import { rejection } from './helpers.js';

const BAO_ADDR = 'http://127.0.0.1:8300';
const fake = createVaultFake({ address: BAO_ADDR });

beforeAll(() => fake.listen());
afterEach(() => {
  vi.unstubAllEnvs();
  fake.reset();
});
afterAll(() => fake.close());

describe('openbao:// by default', () => {
  it('reads through BAO_ADDR with BAO_TOKEN and BAO_NAMESPACE; VAULT_* are never used', async () => {
    vi.stubEnv('VAULT_ADDR', 'http://127.0.0.1:8200'); // nothing answers there: a request would be unhandled
    vi.stubEnv('VAULT_TOKEN', 'vault-token-not-for-openbao');
    vi.stubEnv('BAO_ADDR', BAO_ADDR);
    vi.stubEnv('BAO_TOKEN', fake.rootToken);
    vi.stubEnv('BAO_NAMESPACE', 'team-a');
    fake.put('secret/app/db', { username: 'app', password: 'bao-pw' }, { namespace: 'team-a' });
    const resolver = createSecretResolver();
    const resolved = await resolver.resolve({
      user: 'openbao://secret/app/db#/username',
      password: 'secretref+openbao://secret/app/db#/password',
    });
    expect(resolved).toEqual({ user: 'app', password: 'bao-pw' });
    expect(fake.unhandledRequests).toEqual([]);
    const reads = fake.calls.log.filter((call) => call.operation === 'kv-read');
    expect(reads).toEqual([
      expect.objectContaining({ path: 'secret/data/app/db', status: 200, namespace: 'team-a' }),
    ]);
    await resolver.close();
  });

  it('without BAO_ADDR it is CONFIG, though VAULT_ADDR is set', async () => {
    vi.stubEnv('VAULT_ADDR', BAO_ADDR);
    vi.stubEnv('VAULT_TOKEN', fake.rootToken);
    vi.stubEnv('BAO_ADDR', '');
    vi.stubEnv('BAO_TOKEN', fake.rootToken);
    const resolver = createSecretResolver();
    const error = await rejection(resolver.get('openbao://secret/app/db#/password'), 'CONFIG');
    expect(error.message).toContain('BAO_ADDR');
    expect(fake.calls.log).toEqual([]);
  });
});

describe('vault:// by default', () => {
  it('reads through VAULT_ADDR with VAULT_TOKEN, the namespace from the ref', async () => {
    vi.stubEnv('VAULT_ADDR', BAO_ADDR);
    vi.stubEnv('VAULT_TOKEN', fake.rootToken);
    vi.stubEnv('BAO_ADDR', 'http://127.0.0.1:8201');
    fake.put('secret/app/db', { password: 'root-ns' });
    fake.put('secret/app/db', { password: 'in-ns' }, { namespace: 'ns1' });
    const resolver = createSecretResolver();
    await expect(resolver.get('vault://secret/app/db#/password')).resolves.toBe('root-ns');
    await expect(resolver.get('vault://secret/app/db?namespace=ns1#/password')).resolves.toBe('in-ns');
    await expect(resolver.get('vault://secret/app/db?version=1#/password')).resolves.toBe('root-ns');
    expect(fake.unhandledRequests).toEqual([]);
    await resolver.close();
  });

  it('the adapter refuses plain http to a remote VAULT_ADDR: CONFIG from the adapter, no request', async () => {
    vi.stubEnv('VAULT_ADDR', 'http://vault.example.com:8200');
    vi.stubEnv('VAULT_TOKEN', fake.rootToken);
    const error = await rejection(createSecretResolver().get('vault://secret/app/db#/password'), 'CONFIG');
    expect(error.message).toContain('plain http');
    expect(fake.calls.log).toEqual([]);
  });
});
