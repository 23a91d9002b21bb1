// storageQueueChangeSource: Key Vault events that an Event Grid subscription delivers to an Azure
// Storage queue, as change hints. Polls receiveMessages (Storage queues have no long polling),
// hands each message's hints to core, then deletes it; poison is deleted and reported. A failed
// call rejects `start`: core reports it and restarts the source after its backoff.
import type { TokenCredential } from '@azure/core-auth';
import type { QueueClient, QueueReceiveMessageResponse } from '@azure/storage-queue';
import type { ChangeSource } from '@secretkit/core';
import { type ChangeHint, type ChangeSourceContext, type Duration, parseDuration } from '@secretkit/core';
import type { WithClient } from '@secretkit/core/adapter';
import { checkOptions, importSdk, lazyClient, startUntilAborted, waitOrAbort } from '@secretkit/core/adapter';
import { TokenMemory, watchedCredential } from '../credential.js';
import { readQueueMessage } from './queue-message.js';
import { poisonMessage, QUEUE_SOURCE_NAME, queueKit } from './storage-queue-errors.js';

export interface StorageQueueChangeSourceOptions {
  /** `https://<account>.queue.core.windows.net/<queue>` (a SAS token may follow, then omit `credential`). */
  queueUrl: string;
  /**
   * What the client we build signs in with: a TokenCredential (`DefaultAzureCredential`, a managed
   * identity) needing the "Storage Queue Data Message Processor" role on the queue.
   * @default none: the queue URL carries a SAS token
   */
  credential?: TokenCredential;
  /** Your own QueueClient, used as is (its own retry settings included). @default one built on first use */
  client?: QueueClient;
  /** Wait between polls that found the queue empty. @default '1s' */
  pollInterval?: Duration;
  /** Messages per receive, 1–32. @default 32 */
  maxMessages?: number;
}

/** The Storage queue change source; `client()` is the QueueClient it receives with. */
export interface StorageQueueChangeSource extends ChangeSource, WithClient<QueueClient> {
  readonly name: typeof QUEUE_SOURCE_NAME;
}

const SDK_PACKAGE = '@azure/storage-queue';
const KNOWN = ['queueUrl', 'credential', 'client', 'pollInterval', 'maxMessages'];
/** Delete failures that mean the message is already gone or no longer ours: nothing to do. */
const GONE_ON_DELETE: ReadonlySet<string> = new Set(['MessageNotFound', 'PopReceiptMismatch']);

/**
 * A change source over an Azure Storage queue. `@azure/storage-queue` is an optional peer, imported
 * on first use (missing: CONFIG naming it). Each instance needs its own queue (a message goes to one
 * receiver): one Event Grid subscription per instance queue.
 */
export function storageQueueChangeSource(options: StorageQueueChangeSourceOptions): StorageQueueChangeSource {
  const settings = checkQueueOptions(options);
  const tokens = new TokenMemory();
  const kit = queueKit(() => tokens.current());
  const sdk = lazyClient<QueueClient>({
    given: settings.client,
    async build() {
      const { QueueClient } = await importSdk(() => import('@azure/storage-queue'), SDK_PACKAGE, kit);
      const credential = settings.credential && watchedCredential(settings.credential, tokens);
      return new QueueClient(settings.queueUrl, credential, { retryOptions: { maxTries: 1 } });
    },
  });

  async function pollLoop(listener: (hint: ChangeHint) => void, context: ChangeSourceContext) {
    const { signal } = context;
    const client = await guarded(sdk.get(), signal);
    while (!signal.aborted) {
      const received: QueueReceiveMessageResponse = await guarded(
        client.receiveMessages({ numberOfMessages: settings.maxMessages, abortSignal: signal }),
        signal,
      );
      for (const message of received.receivedMessageItems) {
        const reading = readQueueMessage(message.messageText);
        if ('poison' in reading) context.reportError?.(poisonMessage(kit, message.messageId, reading.poison));
        else for (const hint of reading.hints) listener(hint);
        try {
          await client.deleteMessage(message.messageId, message.popReceipt, { abortSignal: signal });
        } catch (error) {
          const code = (error as { code?: unknown } | null)?.code;
          if (typeof code !== 'string' || !GONE_ON_DELETE.has(code)) throw kit.fromError(error, { signal });
        }
      }
      if (received.receivedMessageItems.length === 0)
        await waitOrAbort(settings.pollMs, signal, { unref: true });
    }
  }

  async function guarded<T>(call: Promise<T>, signal: AbortSignal): Promise<T> {
    try {
      return await call;
    } catch (error) {
      throw kit.fromError(error, { signal });
    }
  }

  return {
    name: QUEUE_SOURCE_NAME,
    start: startUntilAborted(pollLoop),
    client: () => sdk.get(),
  };
}

interface QueueSettings {
  queueUrl: string;
  credential: TokenCredential | undefined;
  client: QueueClient | undefined;
  pollMs: number;
  maxMessages: number;
}

function checkQueueOptions(options: unknown): QueueSettings {
  const kit = queueKit();
  if (options === undefined) throw kit.configError('queueUrl is required');
  const given = checkOptions(kit, options, KNOWN);
  const { queueUrl, credential, client } = given;
  if (
    typeof queueUrl !== 'string' ||
    !URL.canParse(queueUrl) ||
    !/^https?:$/.test(new URL(queueUrl).protocol)
  ) {
    throw kit.configError('queueUrl must be the https URL of a Storage queue');
  }
  if (
    credential !== undefined &&
    typeof (credential as { getToken?: unknown } | null)?.getToken !== 'function'
  ) {
    throw kit.configError('credential must be a TokenCredential');
  }
  if (
    client !== undefined &&
    typeof (client as { receiveMessages?: unknown } | null)?.receiveMessages !== 'function'
  ) {
    throw kit.configError('client must be a QueueClient');
  }
  let pollMs: number;
  try {
    pollMs = parseDuration((given.pollInterval ?? '1s') as Duration, 'pollInterval');
  } catch (error) {
    throw kit.configError((error as Error).message);
  }
  if (pollMs < 100) throw kit.configError("pollInterval must be at least '100ms'");
  const maxMessages = given.maxMessages ?? 32;
  if (!Number.isInteger(maxMessages) || (maxMessages as number) < 1 || (maxMessages as number) > 32) {
    throw kit.configError('maxMessages must be a whole number from 1 to 32');
  }
  return {
    queueUrl,
    credential: credential as TokenCredential | undefined,
    client: client as QueueClient | undefined,
    pollMs,
    maxMessages: maxMessages as number,
  };
}
