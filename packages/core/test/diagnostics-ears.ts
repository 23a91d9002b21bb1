// Hears every diagnostics channel core publishes on (DESIGN §12) as any tool hears them, through
// node:diagnostics_channel, during each test of a file: subscribed before each test, unsubscribed after.
import {
  subscribe,
  type TracingChannelSubscribers,
  tracingChannel,
  unsubscribe,
} from 'node:diagnostics_channel';
import { afterEach, beforeEach } from 'vitest';
import { DIAGNOSTICS_CHANNELS } from '../src/index.js';

const PLAIN = [DIAGNOSTICS_CHANNELS.cache, DIAGNOSTICS_CHANNELS.rotate, DIAGNOSTICS_CHANNELS.lease];
const TRACED = [DIAGNOSTICS_CHANNELS.read, DIAGNOSTICS_CHANNELS.providerCall];
const EVENTS = ['start', 'end', 'asyncStart', 'asyncEnd', 'error'] as const;

export interface Heard {
  channel: string;
  event?: (typeof EVENTS)[number];
  /** The message or context object itself (contexts are mutated as the call goes on). */
  message: Record<string, unknown>;
  /** Its enumerable fields when it was published. */
  snapshot: Record<string, unknown>;
}

export interface DiagnosticsEars {
  /** What the current test heard, in order (emptied before each test). */
  readonly heard: Heard[];
  /** The messages and contexts themselves, as published (contexts kept whole, as a subscriber may). */
  messages(): Array<Record<string, unknown>>;
  /** Unsubscribes now (it is also done after each test). */
  stop(): void;
}

/** Registers beforeEach/afterEach hooks that subscribe to every channel core publishes on. */
export function hearDiagnosticsInEachTest(): DiagnosticsEars {
  const heard: Heard[] = [];
  const stops: Array<() => void> = [];
  const stop = () => {
    for (const unsubscribeOne of stops.splice(0)) unsubscribeOne();
  };
  beforeEach(() => {
    heard.length = 0;
    for (const name of PLAIN) {
      const onMessage = (message: unknown) => {
        const object = message as Record<string, unknown>;
        heard.push({ channel: name, message: object, snapshot: { ...object } });
      };
      subscribe(name, onMessage);
      stops.push(() => unsubscribe(name, onMessage));
    }
    for (const name of TRACED) {
      const channels = tracingChannel<unknown, Record<string, unknown>>(name);
      const handlers = Object.fromEntries(
        EVENTS.map((event) => [
          event,
          (context: Record<string, unknown>) => {
            heard.push({ channel: name, event, message: context, snapshot: { ...context } });
          },
        ]),
      ) as unknown as TracingChannelSubscribers<Record<string, unknown>>;
      channels.subscribe(handlers);
      stops.push(() => channels.unsubscribe(handlers));
    }
  });
  afterEach(stop);
  return { heard, messages: () => heard.map((entry) => entry.message), stop };
}
