// `render` templates (DESIGN §10): text with `{{ REF }}` placeholders, spaces inside the braces
// optional. Nothing else is special: braces around anything that is not a ref stay as written.
import { isSecretRef } from '@secretkit/core';

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'ref'; ref: string };

export interface ParsedTemplate {
  readonly parts: readonly TemplatePart[];
  /** The distinct refs, in order of first use. */
  readonly refs: readonly string[];
  /** Lines of `{{ … }}` that look like a ref (`scheme://…`) but are not one: left as written. */
  readonly notRefLines: readonly number[];
}

// the inner text never spans another `{{`, so `{{ a {{ REF }}` still finds REF
const PLACEHOLDER = /\{\{\s*((?:(?!\{\{)[\s\S])*?)\s*\}\}/g;
const LOOKS_LIKE_REF = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  const refs = new Set<string>();
  const notRefLines: number[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const inner = match[1] ?? '';
    if (!isSecretRef(inner)) {
      if (LOOKS_LIKE_REF.test(inner)) notRefLines.push(lineAt(text, match.index));
      continue;
    }
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    parts.push({ kind: 'ref', ref: inner });
    refs.add(inner);
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return { parts, refs: [...refs], notRefLines };
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The template with every ref replaced by its value (every ref must have one). */
export function renderTemplate(template: ParsedTemplate, values: ReadonlyMap<string, string>): string {
  return template.parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      const value = values.get(part.ref);
      if (value === undefined) throw new Error('a ref of the template has no value');
      return value;
    })
    .join('');
}
