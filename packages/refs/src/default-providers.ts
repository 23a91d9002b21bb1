// The provider a scheme gets when `providers` has no entry for it (DESIGN §9): its adapter package
// (an optional peer dependency) imported on first use and built from the ref's params and the
// environment. Credentials and addresses come from the environment, never from a ref.
import {
  isSecretsError,
  type SecretProvider,
  type SecretRef,
  type SecretRefScheme,
  SecretsError,
} from '@secretkit/core';
import { importSdk } from '@secretkit/core/adapter';

/** Literal imports, so bundlers see each optional peer. */
const ADAPTER_IMPORTS = {
  '@secretkit/aws': () => import('@secretkit/aws'),
  '@secretkit/azure': () => import('@secretkit/azure'),
  '@secretkit/gcp': () => import('@secretkit/gcp'),
  '@secretkit/vault': () => import('@secretkit/vault'),
  '@secretkit/doppler': () => import('@secretkit/doppler'),
  '@secretkit/file': () => import('@secretkit/file'),
} satisfies Record<string, () => Promise<unknown>>;

export type AdapterPackage = keyof typeof ADAPTER_IMPORTS;

/** Loads an adapter package (tests pass one that fails, to see the CONFIG a missing one gives). */
export type ImportAdapter = (packageName: AdapterPackage) => Promise<unknown>;

export const importAdapter: ImportAdapter = (packageName) => ADAPTER_IMPORTS[packageName]();

type Environment = Readonly<Record<string, string | undefined>>;

interface DefaultProvider {
  packageName: AdapterPackage;
  factory: string;
  /** The factory's options for the connection of `ref`. */
  options(ref: SecretRef, env: Environment, scheme: SecretRefScheme): Record<string, unknown>;
}

/** `record` without its undefined entries. */
function defined(record: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Record<
    string,
    string
  >;
}

/** An environment variable, empty counting as unset. */
function fromEnv(env: Environment, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Environment, name: string, scheme: SecretRefScheme, why: string): string {
  const value = fromEnv(env, name);
  if (value === undefined) {
    throw new SecretsError(
      'CONFIG',
      `${scheme}:// refs need ${name} (${why}), or a provider in providers.${scheme}`,
    );
  }
  return value;
}

export const DEFAULT_PROVIDERS: Readonly<Partial<Record<SecretRefScheme, DefaultProvider>>> = {
  awssecrets: {
    packageName: '@secretkit/aws',
    factory: 'awsSecretsManager',
    // without a region the SDK takes AWS_REGION (or the profile's)
    options: (ref) => defined({ region: ref.params.region }),
  },
  azurekeyvault: {
    packageName: '@secretkit/azure',
    factory: 'azureKeyVault',
    options: (ref) => defined({ vaultUrl: ref.params.vaultUrl }),
  },
  gcpsecrets: {
    packageName: '@secretkit/gcp',
    factory: 'gcpSecretManager',
    // a bare secret id takes GCP_PROJECT as vals does, else the Application Default Credentials' project
    options: (ref, env) =>
      defined({
        projectId: ref.params.project ?? fromEnv(env, 'GCP_PROJECT'),
        location: ref.params.location,
      }),
  },
  vault: {
    packageName: '@secretkit/vault',
    factory: 'hashicorpVault',
    // address and token: VAULT_ADDR and VAULT_TOKEN, read by the adapter
    options: (ref, env) => defined({ namespace: ref.params.namespace ?? fromEnv(env, 'VAULT_NAMESPACE') }),
  },
  openbao: {
    packageName: '@secretkit/vault',
    factory: 'hashicorpVault',
    // OpenBao's own variables, never VAULT_*: a Vault token must not go to an OpenBao server
    options: (ref, env, scheme) =>
      defined({
        address: required(env, 'BAO_ADDR', scheme, "OpenBao's address; VAULT_ADDR is not used for openbao"),
        token: required(env, 'BAO_TOKEN', scheme, "OpenBao's token; VAULT_TOKEN is not used for openbao"),
        namespace: ref.params.namespace ?? fromEnv(env, 'BAO_NAMESPACE'),
      }),
  },
  doppler: {
    packageName: '@secretkit/doppler',
    factory: 'dopplerSecrets',
    // the token: DOPPLER_TOKEN, read by the adapter; a service token implies project and config
    options: (ref) => defined({ project: ref.params.project, config: ref.params.config }),
  },
  file: { packageName: '@secretkit/file', factory: 'createFileProvider', options: () => ({}) },
};

/** Builds the default provider of `ref`'s scheme; CONFIG naming the package when it is missing. */
export async function buildDefaultProvider(
  ref: SecretRef,
  load: ImportAdapter,
  env: Environment,
): Promise<SecretProvider> {
  const { scheme } = ref;
  const recipe = DEFAULT_PROVIDERS[scheme];
  if (recipe === undefined) {
    throw new SecretsError(
      'CONFIG',
      `${scheme}:// refs have no default provider: give one in providers.${scheme}`,
    );
  }
  const options = recipe.options(ref, env, scheme);
  const loaded = await importSdk(() => load(recipe.packageName), recipe.packageName, `${scheme}:// refs`);
  const factory = (loaded as Record<string, unknown> | null)?.[recipe.factory];
  if (typeof factory !== 'function') {
    throw new SecretsError(
      'CONFIG',
      `${scheme}:// refs: the installed ${recipe.packageName} has no ${recipe.factory}(); update it`,
    );
  }
  try {
    return (factory as (options: Record<string, unknown>) => SecretProvider)(options);
  } catch (error) {
    if (isSecretsError(error)) throw error;
    // the thrown object may hold anything the factory had (a token): only its kind is reported
    const kind = error instanceof Error ? error.name : typeof error;
    throw new SecretsError('CONFIG', `${scheme}:// refs: ${recipe.factory}() threw a ${kind}`);
  }
}
