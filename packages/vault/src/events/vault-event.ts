// parseVaultEvent: one Vault event (the JSON of a `sys/events/subscribe/…?json=true` WebSocket
// frame) → change hints (DESIGN §11). Pure: takes the parsed object or the frame's text; returns
// hints naming secrets by the path the adapter reads them with (never a value), nothing otherwise.
import type { ChangeHint } from '@secretkit/core';
import { objectOf, parseJsonOrUndefined as parseJson, nonBlankText as text } from '@secretkit/core/adapter';

/** KV v2 writes: the event makes `current_version` the version a read returns. */
const KV2_WRITES: ReadonlySet<string> = new Set(['kv-v2/data-write', 'kv-v2/data-patch']);
const KV2_DATA_DELETE = 'kv-v2/data-delete';
const KV2_METADATA = 'kv-v2/metadata-';
const KV1_WRITE = 'kv-v1/write';

/**
 * The hints of a Vault event: `kv-v2/data-write` and `data-patch` (with `version` =
 * `current_version` as a decimal string), `kv-v2/data-delete`, `kv-v2/metadata-*` and `kv-v1/write`
 * (without one). The name is the secret's full path, mount first, as the adapter takes it:
 * `data.event.metadata.path` with the `data/` or `metadata/` that follows the mount removed, the
 * mount (`plugin_info.mount_path`) prefixed when the path lacks it (Vault 1.13–1.14 sent paths
 * relative to the mount). Events that changed nothing (`modified: "false"`) give none.
 */
export function parseVaultEvent(message: unknown): ChangeHint[] {
  const event = objectOf(typeof message === 'string' ? parseJson(message) : message);
  const data = objectOf(event?.data);
  if (data === undefined) return [];
  const type = text(data.event_type) ?? text(data.eventType);
  if (type === undefined || !isKnown(type)) return [];
  const metadata = objectOf(objectOf(data.event)?.metadata) ?? {};
  if (metadata.modified === 'false' || metadata.modified === false) return [];
  const plugin = objectOf(data.plugin_info) ?? objectOf(data.pluginInfo) ?? {};
  const mount = (text(plugin.mount_path) ?? text(plugin.mountPath) ?? '').replace(/^\/+|\/+$/g, '');
  const path = text(metadata.path)?.replace(/^\/+/, '');
  if (path === undefined) return [];
  const name = secretName(mount, path, type.startsWith('kv-v2/'));
  if (name === undefined) return [];
  const version = KV2_WRITES.has(type) ? decimal(metadata.current_version) : undefined;
  return [{ name, ...(version === undefined ? {} : { version }) }];
}

function isKnown(type: string): boolean {
  return (
    KV2_WRITES.has(type) || type === KV2_DATA_DELETE || type.startsWith(KV2_METADATA) || type === KV1_WRITE
  );
}

/** `mount` + the key: the mount-relative rest of `path`, without KV v2's `data/` or `metadata/`. */
function secretName(mount: string, path: string, kv2: boolean): string | undefined {
  let rest = path;
  if (mount !== '' && path === mount) rest = '';
  else if (mount !== '' && path.startsWith(`${mount}/`)) rest = path.slice(mount.length + 1);
  if (kv2) rest = rest.replace(/^(?:data|metadata)\//, '');
  rest = rest.replace(/\/+$/, '');
  if (rest === '' || rest === 'data' || rest === 'metadata') return undefined;
  return mount === '' ? rest : `${mount}/${rest}`;
}

/** A KV version as a decimal string: `"3"` or `3` → `"3"`; anything else undefined. */
function decimal(value: unknown): string | undefined {
  const digits = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  return /^\d+$/.test(digits) && Number(digits) > 0 ? String(Number(digits)) : undefined;
}
