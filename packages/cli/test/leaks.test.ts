// Adversarial: secret values and credentials planted as canaries never appear in secretkit's own
// stdout or stderr, on every failing path we can provoke — here against the AWS Secrets Manager
// fake on a real socket, the SDK running inside the CLI process.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpResponse } from 'msw';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { useAwsFake } from './helpers/aws-fake.js';
import { canary, fixture, NODE, runCli, tempDir } from './helpers.js';

const valueCanary = canary('value');
const credentialCanary = canary('credential');
const aws = useAwsFake();
const { fake } = aws;
const dir = tempDir();

afterEach(() => {
  fake.reset();
  fake.put('prod/db', JSON.stringify({ password: valueCanary, user: 'app' }));
  fake.put('prod/token', valueCanary);
});
afterAll(() => dir.cleanup());

function awsEnv(): Record<string, string> {
  return aws.env({
    AWS_ACCESS_KEY_ID: 'AKIDCANARYTEST',
    AWS_SECRET_ACCESS_KEY: credentialCanary,
  });
}

function expectClean(result: { stdout: string; stderr: string }): void {
  for (const planted of [valueCanary, credentialCanary]) {
    expect(result.stdout).not.toContain(planted);
    expect(result.stderr).not.toContain(planted);
  }
}

describe('no value or credential in secretkit’s output', () => {
  it('reads through the fake work (the paths below fail for the reason they name)', async () => {
    fake.put('prod/db', JSON.stringify({ password: valueCanary, user: 'app' }));
    const result = await runCli(['get', 'awssecrets://prod/db#/user'], { env: awsEnv() });
    expect(result).toMatchObject({ code: 0, stdout: 'app', stderr: '' });
  });

  it.each([
    ['AccessDeniedException', 77, 'ACCESS_DENIED'],
    ['ResourceNotFoundException', 66, 'NOT_FOUND'],
    ['ThrottlingException', 69, 'THROTTLED'],
    ['InternalServiceError', 69, 'UNAVAILABLE'],
    ['DecryptionFailure', 70, 'DECRYPTION_FAILED'],
    ['UnrecognizedClientException', 77, 'UNAUTHENTICATED'],
  ])('get when the service answers %s: exit %i', async (exception, code, errorCode) => {
    fake.put('prod/db', JSON.stringify({ password: valueCanary }));
    fake.failNext(exception, { times: 10, message: `the service echoes ${valueCanary} ${credentialCanary}` });
    const result = await runCli(['get', 'awssecrets://prod/db#/password'], { env: awsEnv() });
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(errorCode);
    expectClean(result);
  });

  it('get when a proxy answers a page quoting the request', async () => {
    fake.put('prod/db', JSON.stringify({ password: valueCanary }));
    fake.answerNext(
      () => new HttpResponse(`<html>${valueCanary} ${credentialCanary}</html>`, { status: 200 }),
      {
        times: 10,
      },
    );
    const result = await runCli(['get', 'awssecrets://prod/db#/password'], { env: awsEnv() });
    expect(result.code).toBe(69);
    expectClean(result);
  });

  it('get with a pointer that misses, into a value full of canaries', async () => {
    fake.put('prod/db', JSON.stringify({ password: valueCanary, nested: { x: valueCanary } }));
    for (const pointer of ['#/nope', '#/password/deeper', '#/nested/x/y']) {
      const result = await runCli(['get', `awssecrets://prod/db${pointer}`], { env: awsEnv() });
      expect([65, 66], result.stderr).toContain(result.code);
      expectClean(result);
    }
  });

  it('run: one ref read, another failing — no child, and neither value nor credential printed', async () => {
    fake.put('prod/token', valueCanary);
    const out = join(dir.path, 'never.json');
    const result = await runCli(
      [
        'run',
        '--env',
        'TOKEN=awssecrets://prod/token',
        '--env',
        'DB=awssecrets://prod/missing',
        '--',
        NODE,
        fixture('report-env.mjs'),
        out,
      ],
      { env: awsEnv() },
    );
    expect(result.code, result.stderr).toBe(66);
    expectClean(result);
  });

  it('run: a child that prints its secrets and the credential (masking on), and fails', async () => {
    fake.put('prod/token', valueCanary);
    const result = await runCli(
      [
        'run',
        '--env',
        'TOKEN=awssecrets://prod/token',
        '--',
        NODE,
        '-e',
        'console.log(process.env.TOKEN); console.error(process.env.TOKEN); process.exit(9)',
      ],
      { env: awsEnv() },
    );
    expect(result.code, result.stderr).toBe(9);
    expect(result.stdout).toBe('[redacted]\n');
    expect(result.stderr).toBe('[redacted]\n');
  });

  it('render: a failing ref next to a good one', async () => {
    fake.put('prod/token', valueCanary);
    const source = join(dir.path, 'leak.tpl');
    writeFileSync(source, '{{ awssecrets://prod/token }} {{ awssecrets://prod/nope }}');
    const result = await runCli(['render', '--template', source, '--out', join(dir.path, 'leak.out')], {
      env: awsEnv(),
    });
    expect(result.code, result.stderr).toBe(66);
    expectClean(result);
  });
});
