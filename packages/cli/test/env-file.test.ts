// --env-file syntax: NAME=VALUE lines; errors name the file and line, never the line's content.
import { describe, expect, it } from 'vitest';
import { parseAssignment, parseEnvFile } from '../src/env-file.js';

describe('parseEnvFile', () => {
  it('reads NAME=VALUE lines and skips blank lines and # comments', () => {
    const text =
      '# comment\n\nA=1\n  B = two words  \nexport C=vault://secret/app#/key\r\n   # indented comment\nD=\n';
    expect(parseEnvFile(text, 'app.env').map(({ name, value, origin }) => [name, value, origin])).toEqual([
      ['A', '1', 'app.env:3'],
      ['B', 'two words', 'app.env:4'],
      ['C', 'vault://secret/app#/key', 'app.env:5'],
      ['D', '', 'app.env:7'],
    ]);
  });

  it('keeps everything after the first = (values may hold = and #)', () => {
    expect(parseEnvFile('URL=postgres://u@h/db?a=b#frag', 'f')[0]?.value).toBe('postgres://u@h/db?a=b#frag');
  });

  it('unquotes single quotes literally and double quotes with \\n, \\" and \\\\ escapes', () => {
    const [single, double] = parseEnvFile(`S='a\\nb "c"'\nD="a\\nb \\"c\\" \\\\"`, 'f');
    expect(single?.value).toBe('a\\nb "c"');
    expect(double?.value).toBe('a\nb "c" \\');
  });

  it('is CONFIG naming file and line, not the content, for a line without NAME=', () => {
    const secret = 'CANARY-in-a-broken-line';
    expect(() => parseEnvFile(`A=1\n${secret}\n`, 'app.env')).toThrow(
      expect.objectContaining({ code: 'CONFIG', message: 'app.env:2: expected NAME=VALUE' }),
    );
    expect(() => parseEnvFile(`=${secret}`, 'app.env')).toThrow(/app\.env:1: expected NAME=VALUE$/);
  });

  it('is CONFIG for a bad name and for an unterminated quote', () => {
    expect(() => parseEnvFile('1A=x', 'f')).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    expect(() => parseEnvFile('A-B=x', 'f')).toThrow(/"A-B" is not a variable name/);
    expect(() => parseEnvFile('A="open', 'f')).toThrow('f:1: unterminated quote');
  });
});

describe('parseAssignment (--env)', () => {
  it('takes the value exactly as given', () => {
    expect(parseAssignment('A= spaced ', '--env')).toEqual({ name: 'A', value: ' spaced ', origin: '--env' });
  });

  it('is CONFIG without =, without echoing the argument', () => {
    expect(() => parseAssignment('hunter2', '--env')).toThrow(
      expect.objectContaining({ code: 'CONFIG', message: '--env: expected NAME=VALUE' }),
    );
  });
});
