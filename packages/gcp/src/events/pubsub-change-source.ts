// pubsubChangeSource: Secret Manager's event notifications from a Pub/Sub subscription as change
// hints, over `@google-cloud/pubsub`'s streaming pull: each message's hints go to core, then it is
// acknowledged. The SDK reconnects dropped streams itself; an error it gives up on rejects
// `start`, and core reports it and starts the source again after its backoff.
import type { Message, PubSub, Subscription } from '@google-cloud/pubsub';
import type { ChangeSource } from '@secretkit/core';
import { checkOptions, importSdk, lazyClient, type WithClient } from '@secretkit/core/adapter';
import { PUBSUB_SOURCE_NAME, pubsubKit } from './pubsub-errors.js';
import { parseSecretManagerNotification } from './secret-manager-notification.js';

export interface PubSubChangeSourceOptions {
  /** `projects/<project>/subscriptions/<id>`: this instance's own subscription to the secrets' topic. */
  subscription: string;
  /**
   * Your own `PubSub` client (its project, credentials, endpoint), used as is.
   * @default one built on first use (Application Default Credentials, the subscription's project)
   */
  client?: PubSub;
}

/** The Pub/Sub change source; `client()` is the PubSub client it subscribes with. */
export interface PubSubChangeSource extends ChangeSource, WithClient<PubSub> {
  readonly name: typeof PUBSUB_SOURCE_NAME;
}

const SDK_PACKAGE = '@google-cloud/pubsub';
const SUBSCRIPTION = /^projects\/([^/]+)\/subscriptions\/[^/]+$/;

/**
 * A change source over a Pub/Sub subscription. `@google-cloud/pubsub` is an optional peer, imported
 * on first use (missing: CONFIG naming it). Each instance needs its own subscription: a
 * subscription's messages are shared out among its subscribers, not copied to each.
 */
export function pubsubChangeSource(options: PubSubChangeSourceOptions): PubSubChangeSource {
  const { subscription, client } = checkPubSubOptions(options);
  const projectId = SUBSCRIPTION.exec(subscription)?.[1];
  const sdk = lazyClient<PubSub>({
    given: client,
    async build() {
      const { PubSub } = await importSdk(() => import('@google-cloud/pubsub'), SDK_PACKAGE, pubsubKit);
      return new PubSub({ projectId });
    },
    dispose: (built) => built.close(),
  });

  return {
    name: PUBSUB_SOURCE_NAME,
    async start(listener, context) {
      const { signal } = context;
      let pubsub: PubSub;
      try {
        pubsub = await sdk.get();
      } catch (error) {
        if (signal.aborted) return;
        throw pubsubKit.fromError(error);
      }
      if (signal.aborted) return;
      // One stream is enough for change notifications (the SDK's default is five).
      const stream: Subscription = pubsub.subscription(subscription, { streamingOptions: { maxStreams: 1 } });
      await new Promise<void>((resolve, reject) => {
        const onMessage = (message: Message) => {
          const hints = parseSecretManagerNotification({
            attributes: message.attributes,
            data: message.data,
          });
          for (const hint of hints) listener(hint);
          message.ack();
        };
        const finish = (error?: unknown) => {
          stream.off('message', onMessage);
          stream.off('error', onError);
          signal.removeEventListener('abort', onAbort);
          const closed = stream.close().catch(() => {});
          if (error === undefined) void closed.then(() => resolve());
          else reject(pubsubKit.fromError(error));
        };
        const onError = (error: unknown) => finish(error);
        const onAbort = () => finish();
        stream.on('message', onMessage);
        stream.on('error', onError);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    client: () => sdk.get(),
  };
}

function checkPubSubOptions(options: unknown): { subscription: string; client: PubSub | undefined } {
  if (options === undefined) throw pubsubKit.configError('subscription is required');
  const given = checkOptions(pubsubKit, options, ['subscription', 'client']);
  const { subscription, client } = given;
  if (typeof subscription !== 'string' || !SUBSCRIPTION.test(subscription)) {
    throw pubsubKit.configError('subscription must be a full name: projects/<project>/subscriptions/<id>');
  }
  if (
    client !== undefined &&
    typeof (client as { subscription?: unknown } | null)?.subscription !== 'function'
  ) {
    throw pubsubKit.configError('client must be a PubSub client');
  }
  return { subscription, client: client as PubSub | undefined };
}
