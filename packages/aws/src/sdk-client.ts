// The AWS SDK, imported on first use, and the client we send through: the user's, or one we build
// with `maxAttempts: 1` (core's retry is the only retry layer, DESIGN §5).
import type * as SecretsManagerSdk from '@aws-sdk/client-secrets-manager';
import type { AwsSecretsManagerOptions } from './options.js';

export type Sdk = typeof SecretsManagerSdk;

export interface SdkHandle {
  sdk: Sdk;
  client: SecretsManagerSdk.SecretsManagerClient;
}

/** Loads the SDK and builds (or takes) the client once; `destroy` releases a client we built. */
export function lazySdkClient(options: AwsSecretsManagerOptions): {
  get(): Promise<SdkHandle>;
  destroy(): void;
} {
  let handle: Promise<SdkHandle> | undefined;
  let built: SecretsManagerSdk.SecretsManagerClient | undefined;
  return {
    get() {
      handle ??= import('@aws-sdk/client-secrets-manager').then((sdk) => {
        if (options.client) return { sdk, client: options.client };
        built = new sdk.SecretsManagerClient({
          maxAttempts: 1,
          ...(options.region === undefined ? {} : { region: options.region }),
          ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
          ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
        });
        return { sdk, client: built };
      });
      handle.catch(() => {
        handle = undefined; // a failed import may be retried
      });
      return handle;
    },
    destroy() {
      built?.destroy();
      built = undefined;
      handle = undefined;
    },
  };
}
