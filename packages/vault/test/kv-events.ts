// Vault kv-v2 event fixtures shared by the parser and stream tests: Vault Proxy's documented event
// and data writes shaped like it.

/** Vault Proxy's static_secret_cache_updater.go example (1.15+): the full path, `modified`, `data_path`. */
export const PROXY_EXAMPLE = {
  id: 'a3be9fb1-b514-519f-5b25-b6f144a8c1ce',
  source: 'https://vaultproject.io/',
  specversion: '1.0',
  type: '*',
  data: {
    event: {
      id: 'a3be9fb1-b514-519f-5b25-b6f144a8c1ce',
      metadata: {
        current_version: '1',
        data_path: 'secret/data/foo',
        modified: 'true',
        oldest_version: '0',
        operation: 'data-write',
        path: 'secret/data/foo',
      },
    },
    event_type: 'kv-v2/data-write',
    plugin_info: {
      mount_class: 'secret',
      mount_accessor: 'kv_5dc4d18e',
      mount_path: 'secret/',
      plugin: 'kv',
    },
  },
  datacontentype: 'application/cloudevents',
  time: '2023-09-12T15:19:49.394915-07:00',
};

/** A data-write of `version` at `path` (the full `secret/data/…` path), as `PROXY_EXAMPLE` is written. */
export function dataWrite(path: string, version: string) {
  const id = `evt-${version}`;
  const { metadata } = PROXY_EXAMPLE.data.event;
  return {
    ...PROXY_EXAMPLE,
    id,
    data: {
      ...PROXY_EXAMPLE.data,
      event: { id, metadata: { ...metadata, current_version: version, data_path: path, path } },
    },
    time: '2026-01-01T00:00:00.000000-08:00',
  };
}
