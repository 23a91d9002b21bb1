// The published kit loads outside a test runner: its sources import only msw and node:* (never vitest,
// never the repository's test-setup), and the index exports exactly the documented functions.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as kit from '../src/index.js';

const SRC = new URL('../src/', import.meta.url);
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/gm;

describe('the package surface', () => {
  it('imports only msw, msw/node, node:* and its own files', () => {
    const specifiers = readdirSync(SRC)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        [...readFileSync(new URL(file, SRC), 'utf8').matchAll(IMPORT)].map((match) => match[1] ?? match[2]),
      );
    expect(specifiers).toEqual(expect.arrayContaining(['msw', 'msw/node', 'node:http', './fake-server.js']));
    const outside = specifiers.filter(
      (specifier) => !/^(msw|msw\/node|node:[a-z_/]+|\.\/[a-z-]+\.js)$/.test(specifier ?? ''),
    );
    expect(outside).toEqual([]);
  });

  it('exports its five factories and nothing else at runtime', () => {
    expect(Object.keys(kit).sort()).toEqual([
      'createCallLog',
      'createFakeClock',
      'createFakeServer',
      'createFaultQueue',
      'fakeEndpoint',
    ]);
  });
});
