// The default provider of each scheme: its adapter package imported on first use (through an
// injected loader here, so a test can see what each factory is given and make an import fail) and
// built from the ref's params and the environment; a missing package is CONFIG naming it.
import type { SecretProvider } from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';
import { describe, expect, it } from 'vitest';
import type { AdapterPackage, ImportAdapter } from '../src/default-providers.js';
import { buildSecretResolver } from '../src/resolver.js';
import { rejection } from './helpers.js';

interface FactoryCall {
  packageName: AdapterPackage;
  factory: string;
  options: unknown;
}

const FACTORIES: Record<AdapterPackage, string> = {
  '@secretkit/aws': 'awsSecretsManager',
  '@secretkit/azure': 'azureKeyVault',
  '@secretkit/gcp': 'gcpSecretManager',
  '@secretkit/vault': 'hashicorpVault',
  '@secretkit/doppler': 'dopplerSecrets',
  '@secretkit/file': 'createFileProvider',
};

/** A loader of stand-in adapter modules whose factory records its options and serves any name. */
function recordingLoader(): { load: ImportAdapter; calls: FactoryCall[]; loads: AdapterPackage[] } {
  const calls: FactoryCall[] = [];
  const loads: AdapterPackage[] = [];
  const load: ImportAdapter = async (packageName) => {
    loads.push(packageName);
    const factory = FACTORIES[packageName];
    return {
      [factory]: (options: unknown): SecretProvider => {
        calls.push({ packageName, factory, options });
        return { name: factory, getSecret: async ({ name }) => ({ name, value: `value of ${name}` }) };
      },
    };
  };
  return { load, calls, loads };
}

function resolverWith(load: ImportAdapter, env: Record<string, string> = {}) {
  return buildSecretResolver(undefined, { importAdapter: load, env });
}

describe('default providers', () => {
  it.each([
    ['awssecrets://prod/db', '@secretkit/aws', {}],
    ['aws-sm://prod/db?region=eu-west-1', '@secretkit/aws', { region: 'eu-west-1' }],
    [
      'awssecrets://arn:aws:secretsmanager:ap-south-1:123456789012:secret:db-AbCdEf',
      '@secretkit/aws',
      { region: 'ap-south-1' },
    ],
    ['azurekeyvault://myvault/db', '@secretkit/azure', { vaultUrl: 'https://myvault.vault.azure.net' }],
    [
      'azure-kv://gov1.vault.usgovcloudapi.net/db',
      '@secretkit/azure',
      { vaultUrl: 'https://gov1.vault.usgovcloudapi.net' },
    ],
    ['gcpsecrets://proj-1/db', '@secretkit/gcp', { projectId: 'proj-1' }],
    [
      'gcpsecrets://projects/proj-1/locations/europe-west1/secrets/db',
      '@secretkit/gcp',
      { projectId: 'proj-1', location: 'europe-west1' },
    ],
    ['gcpsecrets://db', '@secretkit/gcp', {}],
    ['vault://secret/app', '@secretkit/vault', {}],
    ['hashivault://secret/app?namespace=team-a', '@secretkit/vault', { namespace: 'team-a' }],
    ['doppler://backend/prd/API_KEY', '@secretkit/doppler', { project: 'backend', config: 'prd' }],
    ['doppler://API_KEY', '@secretkit/doppler', {}],
    ['file:///run/secrets/db', '@secretkit/file', {}],
  ] as const)('%s is built by %s with %j', async (text, packageName, options) => {
    const { load, calls } = recordingLoader();
    const resolver = resolverWith(load);
    await expect(resolver.getSecret(text).then((secret) => secret.text())).resolves.toMatch(/^value of /);
    expect(calls).toEqual([{ packageName, factory: FACTORIES[packageName], options }]);
  });

  it('takes GCP_PROJECT for a bare secret id (as vals), VAULT_NAMESPACE for vault refs', async () => {
    const { load, calls } = recordingLoader();
    const resolver = resolverWith(load, {
      GCP_PROJECT: 'env-project',
      VAULT_NAMESPACE: 'env-ns',
      BAO_NAMESPACE: 'bao-ns',
    });
    await resolver.getSecret('gcpsecrets://db');
    await resolver.getSecret('gcpsecrets://ref-project/db');
    await resolver.getSecret('vault://secret/a');
    await resolver.getSecret('vault://secret/a?namespace=ref-ns');
    expect(calls.map((call) => call.options)).toEqual([
      { projectId: 'env-project' },
      { projectId: 'ref-project' },
      { namespace: 'env-ns' },
      { namespace: 'ref-ns' },
    ]);
  });

  it('builds openbao from BAO_ADDR, BAO_TOKEN and BAO_NAMESPACE, never VAULT_*', async () => {
    const { load, calls } = recordingLoader();
    const env = {
      VAULT_ADDR: 'https://vault.example.com',
      VAULT_TOKEN: 'vault-token',
      VAULT_NAMESPACE: 'vault-ns',
      BAO_ADDR: 'https://bao.example.com',
      BAO_TOKEN: 'bao-token',
      BAO_NAMESPACE: 'bao-ns',
    };
    const resolver = resolverWith(load, env);
    await resolver.getSecret('openbao://secret/a');
    await resolver.getSecret('openbao://secret/a?namespace=ref-ns');
    expect(calls).toEqual([
      {
        packageName: '@secretkit/vault',
        factory: 'hashicorpVault',
        options: { address: 'https://bao.example.com', token: 'bao-token', namespace: 'bao-ns' },
      },
      {
        packageName: '@secretkit/vault',
        factory: 'hashicorpVault',
        options: { address: 'https://bao.example.com', token: 'bao-token', namespace: 'ref-ns' },
      },
    ]);
  });

  it.each([
    [{ VAULT_ADDR: 'https://vault.example.com', VAULT_TOKEN: 't', BAO_TOKEN: 'b' }, 'BAO_ADDR'],
    [
      { VAULT_ADDR: 'https://vault.example.com', VAULT_TOKEN: 't', BAO_ADDR: 'https://bao.example.com' },
      'BAO_TOKEN',
    ],
    [{ BAO_ADDR: '', BAO_TOKEN: 'b' }, 'BAO_ADDR'],
  ])('openbao without its own variable is CONFIG naming it (env %j)', async (env, missing) => {
    const { load, calls, loads } = recordingLoader();
    const error = await rejection(resolverWith(load, env).get('openbao://secret/a'), 'CONFIG');
    expect(error.message).toContain(`need ${missing}`);
    expect(error.message).toContain('providers.openbao');
    expect(calls).toEqual([]);
    expect(loads).toEqual([]);
  });

  it('memory has no default provider', async () => {
    const { load, loads } = recordingLoader();
    const error = await rejection(resolverWith(load).get('memory://a'), 'CONFIG');
    expect(error.message).toBe('memory:// refs have no default provider: give one in providers.memory');
    expect(loads).toEqual([]);
  });

  it('an injected provider wins over the default: the package is never imported', async () => {
    const { load, loads } = recordingLoader();
    const doppler = createMemoryProvider({ secrets: { API_KEY: 'k' } });
    const resolver = buildSecretResolver({ providers: { doppler } }, { importAdapter: load, env: {} });
    await expect(resolver.get('doppler://backend/prd/API_KEY')).resolves.toBe('k');
    await expect(resolver.get('doppler://API_KEY')).resolves.toBe('k');
    expect(loads).toEqual([]);
  });

  it('imports on first use only, once per connection', async () => {
    const { load, loads } = recordingLoader();
    const resolver = resolverWith(load);
    expect(loads).toEqual([]);
    await resolver.resolve({
      a: 'awssecrets://a',
      b: 'awssecrets://b',
      c: 'awssecrets://c?region=eu-west-1',
    });
    expect(loads).toEqual(['@secretkit/aws', '@secretkit/aws']);
  });
});

describe('a missing adapter package', () => {
  /** A loader whose import really fails: the package name points at nothing installed. */
  const missingLoader: ImportAdapter = (packageName) =>
    import(/* @vite-ignore */ `${packageName}-not-installed-here`);

  it.each([
    ['awssecrets://db', '@secretkit/aws'],
    ['azurekeyvault://myvault/db', '@secretkit/azure'],
    ['gcpsecrets://p/db', '@secretkit/gcp'],
    ['vault://secret/db', '@secretkit/vault'],
    ['doppler://K', '@secretkit/doppler'],
    ['file:///run/secrets/db', '@secretkit/file'],
  ])('%s is CONFIG naming %s', async (text, packageName) => {
    const error = await rejection(resolverWith(missingLoader).get(text), 'CONFIG');
    expect(error.message).toContain(packageName);
    expect(error.message).toMatch(
      new RegExp(`is not installed: npm install ${packageName.replace('/', '\\/')}$`),
    );
  });

  it('resolve fails with CONFIG before any provider call when one package is missing', async () => {
    const memory = createMemoryProvider({ secrets: { a: 'A' } });
    const resolver = buildSecretResolver(
      { providers: { memory } },
      { importAdapter: missingLoader, env: {} },
    );
    await rejection(resolver.resolve({ a: 'memory://a', b: 'awssecrets://b' }), 'CONFIG');
    expect(memory.calls).toEqual([]);
  });

  it('a package without the factory is CONFIG asking for an update', async () => {
    const error = await rejection(resolverWith(async () => ({})).get('doppler://K'), 'CONFIG');
    expect(error.message).toBe(
      'doppler:// refs: the installed @secretkit/doppler has no dopplerSecrets(); update it',
    );
  });

  it('a failed import is tried again on the next ref', async () => {
    let attempts = 0;
    const { load } = recordingLoader();
    const flaky: ImportAdapter = (packageName) =>
      ++attempts === 1 ? missingLoader(packageName) : load(packageName);
    const resolver = resolverWith(flaky);
    await rejection(resolver.get('awssecrets://db'), 'CONFIG');
    await expect(resolver.get('awssecrets://db')).resolves.toBe('value of db');
  });
});
