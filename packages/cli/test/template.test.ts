// {{ REF }} templates: what counts as a placeholder, and what stays exactly as written.
import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate } from '../src/template.js';

const values = new Map([
  ['file:///run/db#/password', 'pw'],
  ['vault://secret/app#/key', 'K'],
]);

describe('parseTemplate / renderTemplate', () => {
  it('replaces placeholders with or without spaces inside the braces', () => {
    const template = parseTemplate(
      'a={{file:///run/db#/password}} b={{ vault://secret/app#/key }} c={{   file:///run/db#/password\t}}\n',
    );
    expect(template.refs).toEqual(['file:///run/db#/password', 'vault://secret/app#/key']);
    expect(renderTemplate(template, values)).toBe('a=pw b=K c=pw\n');
  });

  it('leaves everything else exactly as written: other braces, single braces, unclosed ones', () => {
    const text = 'x {{ .Values.name }} {y} {{}} {{ not a ref }} }} {{ file:///run/db#/password';
    const template = parseTemplate(text);
    expect(template.refs).toEqual([]);
    expect(renderTemplate(template, values)).toBe(text);
  });

  it('finds a ref after a non-ref opening brace pair', () => {
    const template = parseTemplate('{{ a {{ vault://secret/app#/key }}');
    expect(renderTemplate(template, values)).toBe('{{ a K');
  });

  it('reports lines whose placeholder looks like a ref but is not one (an unknown scheme)', () => {
    const template = parseTemplate('one\n{{ vualt://secret/app#/key }}\nthree {{ x }}\n{{ awssecret://db }}');
    expect(template.notRefLines).toEqual([2, 4]);
    expect(template.refs).toEqual([]);
  });

  it('keeps a template without placeholders byte for byte, newlines and unicode included', () => {
    const text = 'ünïcode ✓\r\n\ttabs\n\n';
    expect(renderTemplate(parseTemplate(text), values)).toBe(text);
  });

  it('takes ref+ and secretref+ forms as refs', () => {
    const template = parseTemplate('{{ ref+file:///run/db#/password }}');
    expect(template.refs).toEqual(['ref+file:///run/db#/password']);
  });
});
