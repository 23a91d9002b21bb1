// Where a secret value could surface from an error or a Secret: message, stack, String(),
// util.inspect (hidden properties too) and JSON, at every level of the cause chain.
import { inspect } from 'node:util';
import { expect } from 'vitest';

/** Every rendering of `subject` and its causes that contains `marker`, as "where" labels. */
export function findValue(subject: unknown, marker: string): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown, path: string) => {
    if (seen.has(node)) return;
    seen.add(node);
    for (const [where, text] of renderings(node)) {
      if (text.includes(marker)) found.push(`${path}: ${where}`);
    }
    if (typeof node !== 'object' || node === null) return;
    const { cause, errors } = node as { cause?: unknown; errors?: unknown };
    if (cause !== undefined) visit(cause, `${path}.cause`);
    if (Array.isArray(errors)) {
      for (const [index, inner] of errors.entries()) visit(inner, `${path}.errors[${index}]`);
    }
  };
  visit(subject, 'error');
  return found;
}

/** Fails the test when `marker` shows in any rendering of `subject` or its cause chain. */
export function expectNoValue(subject: unknown, marker: string, what: string): void {
  const found = findValue(subject, marker);
  expect(found, `${what} shows the secret value in ${found.join(', ')}`).toEqual([]);
}

function renderings(node: unknown): Array<[string, string]> {
  const texts: Array<[string, string]> = [];
  const add = (where: string, render: () => unknown) => {
    try {
      const text = render();
      if (typeof text === 'string') texts.push([where, text]);
    } catch {
      // a rendering that throws shows nothing
    }
  };
  if (node instanceof Error) {
    add('message', () => node.message);
    add('stack', () => node.stack);
  }
  add('String()', () => String(node));
  add('util.inspect', () => inspect(node, { depth: 10 }));
  add('util.inspect (showHidden)', () => inspect(node, { depth: 10, showHidden: true }));
  add('JSON.stringify', () => JSON.stringify(node));
  return texts;
}
