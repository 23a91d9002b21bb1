// The last ETag seen per secret, sent as If-None-Match by getVersion so an unchanged config costs a
// 304. A validator, never an answer: every getVersion still asks Doppler, which confirms it or sends
// the new one (core passes getVersion no known version, so the provider keeps this one fact).

/** Secrets remembered at most; the oldest is forgotten first (it then costs one 200). */
const MAX_REMEMBERED = 1000;

export interface ETagMemo {
  get(name: string): string | undefined;
  /** Remembers `etag` for `name` (undefined forgets it). */
  set(name: string, etag: string | undefined): void;
  clear(): void;
}

export function createETagMemo(limit = MAX_REMEMBERED): ETagMemo {
  const etags = new Map<string, string>();
  return {
    get: (name) => etags.get(name),
    set(name, etag) {
      etags.delete(name);
      if (etag === undefined) return;
      etags.set(name, etag);
      if (etags.size > limit) etags.delete(etags.keys().next().value!);
    },
    clear: () => etags.clear(),
  };
}
