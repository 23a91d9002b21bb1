// sqsChangeSource: Secrets Manager events from an SQS queue (an EventBridge rule's target) as
// change hints. Long-polls ReceiveMessage, hands each message's hints to core, then deletes it;
// poison messages are deleted and reported. A failed call rejects `start`: core restarts it.
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ChangeHint, ChangeSource, ChangeSourceContext } from '@secretkit/core';
import type { WithClient } from '@secretkit/core/adapter';
import { checkOptions, importSdk, lazyClient, startUntilAborted } from '@secretkit/core/adapter';
import { poisonMessage, SQS_SOURCE_NAME, sqsKit } from './sqs-errors.js';
import { readMessageBody } from './sqs-message.js';

export interface SqsChangeSourceOptions {
  /** The queue the EventBridge rule (or an SNS subscription) delivers Secrets Manager events to. */
  queueUrl: string;
  /**
   * Your own `SQSClient` (its region, credentials and retry settings), used as is.
   * @default a client built on first use, in the queue URL's region, with `maxAttempts: 1`
   */
  client?: SQSClient;
  /** How long one ReceiveMessage waits for a message (long polling), 1–20 s. @default 20 */
  waitTimeSeconds?: number;
  /** Messages per ReceiveMessage, 1–10. @default 10 */
  maxMessages?: number;
}

/** The SQS change source; `client()` is the SQSClient it receives with. */
export interface SqsChangeSource extends ChangeSource, WithClient<SQSClient> {
  readonly name: typeof SQS_SOURCE_NAME;
  readonly queueUrl: string;
}

const SDK_PACKAGE = '@aws-sdk/client-sqs';
const KNOWN_OPTIONS = ['queueUrl', 'client', 'waitTimeSeconds', 'maxMessages'];

/**
 * A change source over an SQS queue. `@aws-sdk/client-sqs` is an optional peer, imported on first
 * use (missing: CONFIG naming it). Each instance needs its own queue: SQS hands a message to one
 * consumer only (fan out with SNS, one queue per instance).
 */
export function sqsChangeSource(options: SqsChangeSourceOptions): SqsChangeSource {
  const settings = checkSqsOptions(options);
  const loadSdk = () => importSdk(() => import('@aws-sdk/client-sqs'), SDK_PACKAGE, sqsKit);
  const region = regionOfQueue(settings.queueUrl);
  const sdk = lazyClient<SQSClient>({
    given: settings.client,
    build: async () =>
      new (await loadSdk()).SQSClient({ maxAttempts: 1, ...(region === undefined ? {} : { region }) }),
    dispose: (client) => client.destroy(),
  });
  const { queueUrl, waitTimeSeconds, maxMessages } = settings;

  async function receiveLoop(listener: (hint: ChangeHint) => void, context: ChangeSourceContext) {
    const { signal } = context;
    const { ReceiveMessageCommand, DeleteMessageCommand } = await loadSdk();
    const client = await sdk.get();
    const guarded = async <T>(call: Promise<T>): Promise<T> => {
      try {
        return await call;
      } catch (error) {
        throw sqsKit.fromError(error, { signal });
      }
    };
    const options = { abortSignal: signal };
    while (!signal.aborted) {
      const received = await guarded(
        client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            WaitTimeSeconds: waitTimeSeconds,
            MaxNumberOfMessages: maxMessages,
          }),
          options,
        ),
      );
      for (const message of received.Messages ?? []) {
        const reading = readMessageBody(message.Body);
        if ('poison' in reading) {
          context.reportError?.(poisonMessage(message.MessageId, reading.poison));
        } else {
          for (const hint of reading.hints) listener(hint);
        }
        if (message.ReceiptHandle === undefined) continue;
        const remove = new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle });
        await guarded(client.send(remove, options));
      }
    }
  }

  return {
    name: SQS_SOURCE_NAME,
    queueUrl,
    start: startUntilAborted(receiveLoop),
    client: () => sdk.get(),
  };
}

interface SqsSettings {
  queueUrl: string;
  client: SQSClient | undefined;
  waitTimeSeconds: number;
  maxMessages: number;
}

function checkSqsOptions(options: unknown): SqsSettings {
  if (options === undefined) throw sqsKit.configError('queueUrl is required');
  const given = checkOptions(sqsKit, options, KNOWN_OPTIONS);
  const { queueUrl, client } = given;
  if (
    typeof queueUrl !== 'string' ||
    !URL.canParse(queueUrl) ||
    !/^https?:$/.test(new URL(queueUrl).protocol)
  ) {
    throw sqsKit.configError('queueUrl must be the https URL of an SQS queue');
  }
  if (client !== undefined && typeof (client as { send?: unknown } | null)?.send !== 'function') {
    throw sqsKit.configError('client must be an SQSClient');
  }
  return {
    queueUrl,
    client: client as SQSClient | undefined,
    waitTimeSeconds: wholeIn(given.waitTimeSeconds, 20, 1, 20, 'waitTimeSeconds'),
    maxMessages: wholeIn(given.maxMessages, 10, 1, 10, 'maxMessages'),
  };
}

function wholeIn(value: unknown, fallback: number, min: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw sqsKit.configError(`${what} must be a whole number from ${min} to ${max}`);
  }
  return value as number;
}

/** `https://sqs.eu-west-1.amazonaws.com/…` (or the legacy `eu-west-1.queue.amazonaws.com`) → `eu-west-1`. */
export function regionOfQueue(queueUrl: string): string | undefined {
  const host = new URL(queueUrl).hostname;
  return (
    /^sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1] ??
    /^([a-z0-9-]+)\.queue\.amazonaws\.com(?:\.cn)?$/.exec(host)?.[1]
  );
}
