// watch(ref): the value behind one ref, watched through its connection's client (one poller per
// secret name, shared with every other watcher of it). The listener fires when the pointer-applied
// value changes, not on the first read and not when another field of the same secret rotated.
import {
  parseWatchOptions,
  type RotationEvent,
  type SecretRef,
  type SecretsClient,
  type WatchOptions,
} from '@secretkit/core';
import { getOptionsOf } from './call-options.js';
import { valueAt } from './json-pointer.js';

/** What a watcher hears: the ref as given, the new value (pointer applied), the secret's version. */
export interface RefChangeEvent {
  ref: string;
  value: string;
  version?: string;
}

/**
 * Starts watching `ref` (CONFIG for bad options is thrown now, before any client exists) and
 * returns unsubscribe. Failures after that (a missing adapter, a read the pointer cannot apply to)
 * fire nothing: the value behind the ref did not change as far as the watcher can tell.
 */
export function watchRef(
  text: string,
  ref: SecretRef,
  clientOf: (ref: SecretRef) => Promise<SecretsClient>,
  listener: (event: RefChangeEvent) => void,
  options: WatchOptions | undefined,
): () => void {
  parseWatchOptions(options);
  if (ref.version !== undefined) return () => {}; // a pinned version never changes: nothing to poll
  let active = true;
  let stop: (() => void) | undefined;
  let last: { value: string } | undefined;

  async function onRotation(client: SecretsClient, event: RotationEvent): Promise<void> {
    if (!active) return;
    const secret = ref.stage === undefined ? event.secret : await client.refresh(ref.name, getOptionsOf(ref));
    const value = await valueAt(secret, ref);
    if (last === undefined) {
      last = { value }; // the first value seen is no change
      return;
    }
    if (value === last.value || !active) return;
    last = { value };
    listener({ ref: text, value, ...(secret.version === undefined ? {} : { version: secret.version }) });
  }

  void (async () => {
    const client = await clientOf(ref);
    if (!active) return;
    stop = client.watch(ref.name, (event) => void onRotation(client, event).catch(() => {}), options);
    const secret = await client.getSecret(ref.name, getOptionsOf(ref));
    const value = await valueAt(secret, ref);
    last ??= { value };
  })().catch(() => {});

  return () => {
    active = false;
    stop?.();
  };
}
