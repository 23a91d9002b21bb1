// One config object whose secrets live in three places, named by ref: the database login in AWS
// Secrets Manager, an API key in memory (a stand-in for any provider), a TLS key and its passphrase
// in files mounted by Kubernetes. One resolve() turns every ref into its value.
import { awsSecretsManager } from '@secretkit/aws';
import type { SecretProvider } from '@secretkit/core';
import { createSecretResolver, type SecretResolver } from '@secretkit/refs';

export interface AppConfig {
  database: { host: string; port: number; username: string; password: string };
  payments: { apiKey: string };
  tls: { key: string; passphrase: string };
  logLevel: string;
}

/** The config as it is written (in a file, a ConfigMap): plain values and refs side by side. */
export function appConfigTemplate(secretsDir: string): AppConfig {
  return {
    database: {
      host: 'db.internal',
      port: 5432,
      username: 'awssecrets://prod/db#/username',
      password: 'awssecrets://prod/db#/password', // same secret: one GetSecretValue for both
    },
    payments: { apiKey: 'memory://payments-api-key' },
    tls: {
      key: `file://${secretsDir}/tls.key`,
      passphrase: `file://${secretsDir}/tls.yaml#/passphrase`, // a YAML file, one key of it
    },
    logLevel: 'info',
  };
}

export interface AppSecrets {
  /** The in-memory provider behind memory:// refs (tests and demos fill it). */
  memory: SecretProvider;
  /**
   * How awssecrets:// connections are built. Without it the resolver imports @secretkit/aws itself
   * and builds `awsSecretsManager({ region })` with the default credential chain.
   */
  aws?: (region: string | undefined) => SecretProvider;
}

/** A resolver over the three providers, and the config resolved through it. */
export async function loadAppConfig(
  secretsDir: string,
  secrets: AppSecrets,
): Promise<{ config: AppConfig; resolver: SecretResolver }> {
  const resolver = createSecretResolver({
    providers: {
      memory: secrets.memory,
      ...(secrets.aws ? { awssecrets: (ref) => secrets.aws!(ref.params.region) } : {}),
    },
    client: { cache: { ttl: '5m' } },
  });
  try {
    return { config: await resolver.resolve(appConfigTemplate(secretsDir)), resolver };
  } catch (error) {
    await resolver.close();
    throw error;
  }
}

/** AWS with explicit credentials, for the demo's fake (a real service leaves `aws` out). */
export function demoAws(region: string | undefined): SecretProvider {
  return awsSecretsManager({
    region: region ?? 'us-east-1',
    credentials: { accessKeyId: 'AKIDEXAMPLEDEMO', secretAccessKey: 'demo-only' },
  });
}
