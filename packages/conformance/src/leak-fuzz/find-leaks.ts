// findLeaks: every place a canary shows in a subject (an error, an event payload, a log line, a
// list of them): each rendering a user could print, every own property (hidden or Symbol-keyed),
// getters, `cause` chains, AggregateError `errors`, Map/Set/Headers contents and bytes.
import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import { type Canaries, type Canary, type CanaryForm, type CanaryKind, FRAGMENT_WINDOW } from './canaries.js';
import { type Located, scanText, windowIndex } from './scan-text.js';

/** One place a canary showed. */
export interface LeakFinding {
  readonly kind: CanaryKind;
  readonly form: CanaryForm;
  /** Where in the subject: `subject.cause.errors[1].$response.body`, `events[2].version`. */
  readonly path: string;
  /**
   * What showed it: `message`, `stack`, `String()`, `util.inspect`, `util.inspect (showHidden)`,
   * `JSON.stringify` (renderings of the subject, of each error, and of objects that render
   * themselves), `text` (a string reached by the walk, getters included), `key` (a property name),
   * `bytes (UTF-8)`, `description` (a Symbol).
   */
  readonly rendering: string;
  /** The text around the hit, JSON-quoted (canaries are fake, so this is safe to print). */
  readonly excerpt: string;
}

export interface FindLeaksOptions {
  /** The name of the subject in paths. @default 'subject' */
  path?: string;
  /** Objects walked at most (an SDK error can reach a whole client). @default 20000 */
  maxNodes?: number;
}

const MAX_DEPTH = 24;

/** Every occurrence of any canary in `subject`, one finding per canary, place and rendering. */
export function findLeaks(
  subject: unknown,
  canaries: Canaries | readonly Canary[],
  options: FindLeaksOptions = {},
): LeakFinding[] {
  const list = 'list' in canaries ? canaries.list : canaries;
  const index = windowIndex(list);
  const findings: LeakFinding[] = [];
  const seen = new Set<string>();
  for (const located of collectTexts(subject, options.path ?? 'subject', options.maxNodes ?? 20_000)) {
    for (const finding of scanText(located, list, index)) {
      const key = `${finding.kind}\u0000${finding.path}\u0000${finding.rendering}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(finding);
    }
  }
  return findings;
}

/** One line for a finding: `value (raw) in subject.cause message: "…excerpt…"`. */
export function describeFinding(finding: LeakFinding): string {
  return `${finding.kind} (${finding.form}) in ${finding.path} ${finding.rendering}: ${finding.excerpt}`;
}

/** The texts a subject shows: renderings of its errors (and of objects that render themselves), and every string reached. */
function collectTexts(subject: unknown, rootPath: string, maxNodes: number): Located[] {
  const texts: Located[] = [];
  const seen = new Set<object>();
  const queue: Array<{ node: unknown; path: string; depth: number }> = [
    { node: subject, path: rootPath, depth: 0 },
  ];
  const enqueue = (node: unknown, path: string, depth: number) => {
    if (depth <= MAX_DEPTH) queue.push({ node, path, depth });
  };
  for (let next = 0; next < queue.length; next++) {
    const { node, path, depth } = queue[next]!;
    if (typeof node === 'string') {
      texts.push({ path, rendering: 'text', text: node });
      continue;
    }
    if (typeof node === 'symbol') {
      texts.push({ path, rendering: 'description', text: node.description ?? '' });
      continue;
    }
    if (typeof node !== 'object' || node === null || seen.has(node) || seen.size >= maxNodes) continue;
    seen.add(node);
    const error = isErrorLike(node);
    if (depth === 0 || error || rendersItself(node)) {
      for (const [rendering, text] of renderingsOf(node, error)) texts.push({ path, rendering, text });
    }
    const bytes = bytesOf(node);
    if (bytes !== undefined) {
      texts.push({ path, rendering: 'bytes (UTF-8)', text: new TextDecoder().decode(bytes) });
      continue;
    }
    for (const [label, value] of contentsOf(node)) enqueue(value, `${path}${label}`, depth + 1);
    for (const key of safely(() => Reflect.ownKeys(node), [])) {
      if (error && (key === 'message' || key === 'stack')) continue; // rendered above
      if (Array.isArray(node) && key === 'length') continue;
      const label = keyLabel(key, Array.isArray(node));
      if (typeof key === 'string' && key.length > FRAGMENT_WINDOW) {
        texts.push({ path: `${path}${label}`, rendering: 'key', text: key });
      }
      const descriptor = safely(() => Object.getOwnPropertyDescriptor(node, key), undefined);
      if (descriptor === undefined) continue;
      if ('value' in descriptor) enqueue(descriptor.value, `${path}${label}`, depth + 1);
      else if (descriptor.get)
        enqueue(callGetter(descriptor.get, node), `${path}${label} (getter)`, depth + 1);
    }
    for (const [key, getter] of prototypeGetters(node)) {
      enqueue(callGetter(getter, node), `${path}${keyLabel(key, false)} (getter)`, depth + 1);
    }
  }
  return texts;
}

function renderingsOf(node: object, error: boolean): Array<[string, string]> {
  const texts: Array<[string, string]> = [];
  const add = (rendering: string, render: () => unknown) => {
    const text = safely(render, undefined);
    if (typeof text === 'string') texts.push([rendering, text]);
  };
  if (error) {
    add('message', () => (node as Error).message);
    add('stack', () => (node as Error).stack);
  }
  add('String()', () => String(node));
  add('util.inspect', () => inspect(node, { depth: 10 }));
  add('util.inspect (showHidden)', () => inspect(node, { depth: 10, showHidden: true }));
  add('JSON.stringify', () => JSON.stringify(node));
  return texts;
}

function isErrorLike(node: object): boolean {
  return (
    node instanceof Error ||
    safely(
      () => typeof (node as Error).message === 'string' && typeof (node as Error).stack === 'string',
      false,
    )
  );
}

/** An object with its own toString, toJSON, toPrimitive or custom inspect: what it prints is not its properties. */
function rendersItself(node: object): boolean {
  return safely(() => {
    const { toString: print, toJSON } = node as { toString?: unknown; toJSON?: unknown };
    return (
      (typeof print === 'function' &&
        print !== Object.prototype.toString &&
        print !== Array.prototype.toString) ||
      typeof toJSON === 'function' ||
      Symbol.toPrimitive in node ||
      inspect.custom in node
    );
  }, true);
}

function bytesOf(node: object): Uint8Array | undefined {
  if (ArrayBuffer.isView(node)) return new Uint8Array(node.buffer, node.byteOffset, node.byteLength);
  if (node instanceof ArrayBuffer || node instanceof SharedArrayBuffer) return new Uint8Array(node);
  return undefined;
}

/** Entries of collections whose contents are not own properties. */
function contentsOf(node: object): Array<[string, unknown]> {
  return safely(() => {
    if (node instanceof Map) {
      return [...node].flatMap(
        ([key, value], i): Array<[string, unknown]> => [
          [`<key ${i}>`, key],
          [`.get(${describeKey(key)})`, value],
        ],
      );
    }
    if (node instanceof Set) return [...node].map((value, i): [string, unknown] => [`<value ${i}>`, value]);
    if (node instanceof Headers || node instanceof URLSearchParams || node instanceof FormData) {
      return [...(node as Headers)].map(([key, value]): [string, unknown] => [
        `.get(${JSON.stringify(key)})`,
        value,
      ]);
    }
    return [];
  }, []);
}

/**
 * Accessors defined by the classes between `node` and the built-ins (an SDK error's `get body()`).
 * Not for Node's emitters (sockets, streams, HTTP messages): their data is in own properties, and
 * their accessors include deprecated ones that print warnings.
 */
function prototypeGetters(node: object): Array<[string | symbol, () => unknown]> {
  const getters: Array<[string | symbol, () => unknown]> = [];
  if (node instanceof EventEmitter) return getters;
  for (let proto = safely(() => Object.getPrototypeOf(node), null); proto && !isBuiltin(proto); ) {
    for (const key of safely(() => Reflect.ownKeys(proto), [])) {
      const get = safely(() => Object.getOwnPropertyDescriptor(proto, key)?.get, undefined);
      if (get && key !== '__proto__') getters.push([key, get]);
    }
    proto = safely(() => Object.getPrototypeOf(proto), null);
  }
  return getters;
}

const builtins = new WeakMap<object, boolean>();

function isBuiltin(proto: object): boolean {
  let known = builtins.get(proto);
  if (known === undefined) {
    const maker = safely(() => Object.getOwnPropertyDescriptor(proto, 'constructor')?.value, undefined);
    known =
      proto === Object.prototype ||
      (typeof maker === 'function' &&
        safely(() => Function.prototype.toString.call(maker).includes('[native code]'), false));
    builtins.set(proto, known);
  }
  return known;
}

function callGetter(getter: () => unknown, node: object): unknown {
  return safely(() => getter.call(node), undefined);
}

function keyLabel(key: string | symbol, inArray: boolean): string {
  if (typeof key === 'symbol') return `[${String(key)}]`;
  if (inArray && /^\d+$/.test(key)) return `[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function describeKey(key: unknown): string {
  return typeof key === 'string' ? JSON.stringify(key) : typeof key;
}

function safely<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback; // a hostile getter, Proxy or rendering that throws shows nothing
  }
}
