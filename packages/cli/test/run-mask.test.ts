// secretkit run's masking: on when stdout is not a terminal, off in one (the child keeps its
// terminal), every resolved value of 4+ bytes redacted in stdout and stderr, also across writes,
// nothing else changed, and nothing held back that cannot become a value.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeEval, runArgs } from './helpers/run-args.js';
import { BIN, baseEnv, finish, fixture, NODE, runCli, startCli, tempDir, waitFor } from './helpers.js';

const dir = tempDir();
afterAll(() => dir.cleanup());
const VALUE = 'sup3r-s3cret-value';
const SHORT = 'abc';
writeFileSync(join(dir.path, 'value'), VALUE);
writeFileSync(join(dir.path, 'short'), SHORT);
writeFileSync(join(dir.path, 'db.json'), JSON.stringify({ password: 'json-pointer-pw' }));
const ref = (name: string) => `file://${join(dir.path, name)}`;
const printBoth = `process.stdout.write('out: ' + process.env.V + ' ' + process.env.S + '\\n');
  process.stderr.write('err: ' + process.env.V + '\\n');`;

describe('secretkit run: masking', () => {
  it('is on when stdout is not a terminal: values of 4+ bytes redacted in stdout and stderr', async () => {
    const result = await runCli(runArgs({ V: ref('value'), S: ref('short') }, nodeEval(printBoth)));
    expect(result).toMatchObject({
      code: 0,
      stdout: `out: [redacted] ${SHORT}\n`,
      stderr: 'err: [redacted]\n',
    });
  });

  it('--no-mask passes values through', async () => {
    const result = await runCli(runArgs({ V: ref('value') }, nodeEval(printBoth), ['--no-mask']));
    expect(result.stdout).toBe(`out: ${VALUE} undefined\n`);
    expect(result.stderr).toBe(`err: ${VALUE}\n`);
  });

  it('masks values from env files, the inherited environment and pointers alike', async () => {
    writeFileSync(join(dir.path, 'mask.env'), `FROM_FILE=${ref('value')}\n`);
    const result = await runCli(
      [
        'run',
        '--env-file',
        join(dir.path, 'mask.env'),
        '--',
        NODE,
        '-e',
        'console.log(process.env.FROM_FILE, process.env.INHERITED)',
      ],
      { env: baseEnv({ INHERITED: `${ref('db.json')}#/password` }) },
    );
    expect(result.stdout).toBe('[redacted] [redacted]\n');
  });

  it('is off in a terminal (the child keeps it), and --mask turns it on there', () => {
    const inTerminal = (flags: string) =>
      execFileSync(
        'script',
        [
          '-qec',
          `'${NODE}' '${BIN}' run ${flags} --env V='${ref('value')}' -- '${NODE}' -e 'console.log(process.stdout.isTTY === true, process.env.V)'`,
          '/dev/null',
        ],
        { env: baseEnv(), timeout: 15_000 },
      ).toString();
    expect(inTerminal('')).toMatch(new RegExp(`true.* ${VALUE}\\r\\n$`));
    expect(inTerminal('--mask')).toBe('false [redacted]\r\n');
  });

  it('redacts a value written in two chunks with a pause between, holding back only what could be it', async () => {
    const mark = join(dir.path, 'split.mark');
    const chunks = [`line one\nhello ${VALUE.slice(0, 7)}`, `${VALUE.slice(7)} bye\n`];
    const cli = startCli(runArgs({ V: ref('value') }, [NODE, fixture('chunks.mjs'), ...chunks]), {
      env: baseEnv({ MARK_FILE: mark, PAUSE_MS: '1500' }),
    });
    await waitFor(() => existsSync(mark), 'the first write');
    // During the pause: everything but the possible start of a value has been written out.
    await waitFor(() => cli.stdout() === 'line one\nhello ', 'the text before the held prefix', {
      timeoutMs: 1_200,
    });
    const result = await finish(cli);
    expect(result.stdout).toBe('line one\nhello [redacted] bye\n');
  });

  it('redacts split values on stderr too', async () => {
    const chunks = ['', '', `e:${VALUE.slice(0, 3)}`, `${VALUE.slice(3)}:e`]; // stdout, stdout, stderr, stderr
    const result = await runCli(runArgs({ V: ref('value') }, [NODE, fixture('chunks.mjs'), ...chunks]), {
      env: baseEnv({ PAUSE_MS: '200' }),
    });
    expect(result.stderr).toBe('e:[redacted]:e');
  });

  it('is byte-transparent otherwise: every byte value passes unchanged', async () => {
    const result = await runCli(runArgs({ V: ref('value') }, [NODE, fixture('all-bytes.mjs')]));
    const expected = Buffer.alloc(512);
    for (let i = 0; i < 512; i++) expected[i] = i % 256;
    expect(result.code).toBe(0);
    expect(result.stdoutBytes.equals(expected)).toBe(true);
  });

  it('flushes a trailing prefix of a value unchanged when the child ends', async () => {
    const result = await runCli(
      runArgs({ V: ref('value') }, nodeEval(`process.stdout.write('end ${VALUE.slice(0, 5)}')`)),
    );
    expect(result.stdout).toBe(`end ${VALUE.slice(0, 5)}`);
  });
});
