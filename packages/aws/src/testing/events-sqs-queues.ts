// The queues of the SQS fake: messages with their visibility, receipt handles, and long-poll
// waiters woken by a send. Time comes from the fake's clock (Date.now() by default).
import { createHash, randomUUID } from 'node:crypto';

export interface FakeSqsMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  /** When it may be received again (0: visible); set on each receive. */
  invisibleUntil: number;
  /** The handle of the latest receive; a delete must present it. */
  receiptHandle: string | undefined;
  receiveCount: number;
}

export interface FakeQueue {
  readonly name: string;
  readonly url: string;
  readonly messages: FakeSqsMessage[];
  /** Long polls waiting for a message: each is called once a message may be visible. */
  readonly waiters: Set<() => void>;
  /** Seconds a received message stays invisible, unless the receive asks for another value. */
  visibilityTimeout: number;
}

export class FakeQueues {
  readonly #queues = new Map<string, FakeQueue>();
  readonly #base: string;

  /** `base`: the origin and account path queue URLs start with (`https://sqs.us-east-1.amazonaws.com/123456789012`). */
  constructor(base: string) {
    this.#base = base;
  }

  create(name: string, visibilityTimeout = 30): FakeQueue {
    const url = `${this.#base}/${name}`;
    const queue = this.#queues.get(url) ?? {
      name,
      url,
      messages: [],
      waiters: new Set<() => void>(),
      visibilityTimeout,
    };
    this.#queues.set(url, queue);
    return queue;
  }

  /** The queue for a URL (or a bare name). */
  find(urlOrName: string): FakeQueue | undefined {
    return this.#queues.get(urlOrName) ?? this.#queues.get(`${this.#base}/${urlOrName}`);
  }

  add(queue: FakeQueue, body: string): FakeSqsMessage {
    const message: FakeSqsMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: createHash('md5').update(body, 'utf8').digest('hex'),
      invisibleUntil: 0,
      receiptHandle: undefined,
      receiveCount: 0,
    };
    queue.messages.push(message);
    for (const wake of [...queue.waiters]) wake();
    return message;
  }

  /** Takes up to `max` visible messages, making each invisible for `visibility` seconds. */
  receive(queue: FakeQueue, max: number, visibility: number, now: number): FakeSqsMessage[] {
    const taken = queue.messages.filter((message) => message.invisibleUntil <= now).slice(0, max);
    for (const message of taken) {
      message.invisibleUntil = now + visibility * 1000;
      message.receiptHandle = `${randomUUID()}#${message.messageId}`;
      message.receiveCount++;
    }
    return taken;
  }

  /** Deletes the message a receipt handle belongs to; false for an unknown handle. */
  delete(queue: FakeQueue, receiptHandle: string): boolean {
    const index = queue.messages.findIndex((message) => message.receiptHandle === receiptHandle);
    if (index === -1) return false;
    queue.messages.splice(index, 1);
    return true;
  }

  /** The earliest time an invisible message becomes visible again, if any. */
  nextVisibleAt(queue: FakeQueue, now: number): number | undefined {
    const times = queue.messages.map((message) => message.invisibleUntil).filter((time) => time > now);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  clear(): void {
    for (const queue of this.#queues.values()) for (const wake of [...queue.waiters]) wake();
    this.#queues.clear();
  }
}
