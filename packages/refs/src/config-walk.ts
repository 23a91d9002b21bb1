// resolve()'s walk over a config object (DESIGN §9): plain objects and arrays only, every string
// value for which isSecretRef is true collected, then a deep copy with those strings replaced.
// Everything else (class instances, Dates, Maps, Buffers) is kept as is; shared parts and cycles
// stay shared and cyclic in the copy.
import { isSecretRef } from '@secretkit/core';

function isPlainObject(value: unknown): value is Record<PropertyKey, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Own enumerable keys (strings and symbols) of a plain object. */
function enumerableKeys(value: object): PropertyKey[] {
  return Reflect.ownKeys(value).filter((key) => Object.prototype.propertyIsEnumerable.call(value, key));
}

/** Every distinct string in `config` that is a ref, in the order first met. */
export function collectRefs(config: unknown): string[] {
  const found = new Set<string>();
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      if (isSecretRef(node)) found.add(node);
      return;
    }
    if (!(Array.isArray(node) || isPlainObject(node)) || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) if (index in node) visit(node[index]);
    } else {
      for (const key of enumerableKeys(node)) visit(node[key]);
    }
  };
  visit(config);
  return [...found];
}

/** A deep copy of `config` (plain objects and arrays) with each ref string replaced by its value. */
export function replaceRefs<T>(config: T, values: ReadonlyMap<string, string>): T {
  const copies = new Map<object, unknown>();
  const copy = (node: unknown): unknown => {
    if (typeof node === 'string') return values.get(node) ?? node;
    if (!(Array.isArray(node) || isPlainObject(node))) return node;
    const done = copies.get(node);
    if (done !== undefined) return done;
    if (Array.isArray(node)) {
      const out: unknown[] = new Array(node.length);
      copies.set(node, out);
      for (let index = 0; index < node.length; index++) if (index in node) out[index] = copy(node[index]);
      return out;
    }
    const out = Object.create(Object.getPrototypeOf(node)) as Record<PropertyKey, unknown>;
    copies.set(node, out);
    for (const key of enumerableKeys(node)) {
      Object.defineProperty(out, key, {
        value: copy(node[key]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  };
  return copy(config) as T;
}
