// The command itself: help on every command (with an example), --version, usage errors (64).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('secretkit', () => {
  it('--version prints the package version', async () => {
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('--help lists the commands and exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const word of ['get', 'run', 'render', 'Exit codes', 'Example:'])
      expect(result.stdout).toContain(word);
  });

  it.each(['get', 'run', 'render'])('%s --help shows its usage and an example', async (command) => {
    for (const args of [
      [command, '--help'],
      [command, '-h'],
      ['help', command],
    ]) {
      const result = await runCli(args);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: secretkit ${command} `));
      expect(result.stdout).toContain(`Example:\n  secretkit ${command} `);
    }
  });

  it('no command is a usage error (64) with the overview on stderr', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('Usage: secretkit COMMAND');
  });

  it('an unknown command or flag is 64', async () => {
    expect(await runCli(['agnet'])).toMatchObject({
      code: 64,
      stderr: expect.stringContaining('unknown command "agnet"'),
    });
    expect(await runCli(['get', '--verbose', 'file:///x'])).toMatchObject({
      code: 64,
      stderr: expect.stringContaining("Unknown option '--verbose'"),
    });
    expect(await runCli(['run', '--env'])).toMatchObject({ code: 64 });
    expect(await runCli(['run', '--'])).toMatchObject({
      code: 64,
      stderr: expect.stringContaining('no command given'),
    });
    expect(await runCli(['run', 'node', 'app.js'])).toMatchObject({
      code: 64,
      stderr: expect.stringContaining('put the command after --'),
    });
    expect(await runCli(['get'])).toMatchObject({ code: 64 });
    expect(await runCli(['get', 'file:///a', 'file:///b'])).toMatchObject({ code: 64 });
  });

  it('bad flag values are 64 and name the flag', async () => {
    const cases: Array<[string[], string]> = [
      [['run', '--watch', '--interval', '500ms', '--', 'true'], '--interval must be at least 1s'],
      [['run', '--watch', '--interval', 'soon', '--', 'true'], '--interval'],
      [
        ['run', '--watch', '--on-change', 'reload', '--', 'true'],
        '--on-change must be restart, signal:SIG or none',
      ],
      [['run', '--watch', '--on-change', 'signal:SIGNOPE', '--', 'true'], 'unknown signal'],
      [['run', '--watch', '--restart-signal', 'TERMINATE', '--', 'true'], '--restart-signal: unknown signal'],
      [['run', '--watch', '--kill-timeout', '-1s', '--', 'true'], '--kill-timeout'],
      [['run', '--interval', '5s', '--', 'true'], '--interval needs --watch'],
      [['run', '--env', 'NOEQUALS', '--', 'true'], '--env: expected NAME=VALUE'],
      [['run', '--env', 'SECRETKIT_X=file:///x', '--', 'true'], 'never reach the child'],
      [['render', '--template', 't'], '--template and --out go together'],
      [['render'], 'nothing to render'],
      [['render', '--template', 't', '--out', 'o', '--once', '--watch'], 'exclude each other'],
      [['render', '--template', 't', '--out', 'o', '--mode', '0999'], '--mode must be an octal mode'],
      [['get', 'vault://secret/app?token=abc'], 'CONFIG'],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(64);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
  });
});
