// examples/kubernetes as real processes: each shape's secretkit command line, taken from its
// manifest, runs against a loopback fake that enforces the shape's least-privilege policy. Paths
// of the pod's volumes map to a temporary directory; the rest of each line is used as written.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type AwsSecretsManagerFake,
  createAwsSecretsManagerFake,
  type SocketListener,
} from '@secretkit/aws/testing';
import { createVaultFake, type VaultFakeSocket } from '@secretkit/vault/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  baseEnv,
  fixture,
  NODE,
  runCli,
  startCli,
  startProcess,
  stopCli,
  tempDir,
  waitFor,
} from './helpers.js';
import { enforceIamPolicy, enforceVaultPolicy } from './kubernetes-policies.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/kubernetes/', import.meta.url));
const read = (file: string) => readFileSync(join(EXAMPLES, file), 'utf8');

// biome-ignore lint/suspicious/noExplicitAny: manifests are untyped YAML documents
type Manifest = Record<string, any>;
interface Container {
  name: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value: string }>;
  volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
  restartPolicy?: string;
  startupProbe?: { exec: { command: string[] } };
}

function manifests(file: string): Manifest[] {
  return parseAllDocuments(read(file)).map((document) => document.toJS() as Manifest);
}
function one(file: string, kind: string): Manifest {
  const found = manifests(file).filter((m) => m.kind === kind);
  expect(found, `${file}: one ${kind}`).toHaveLength(1);
  return found[0]!;
}
const commandLine = (c: Container) => [...(c.command ?? []), ...(c.args ?? [])];
const envOf = (c: Container) => Object.fromEntries((c.env ?? []).map(({ name, value }) => [name, value]));

/** The pod's paths in a temporary directory: every volume mount secretkit's containers use. */
function podPaths(root: string) {
  const PREFIXES = /\/var\/run\/secrets\/vault|\/run\/secrets|\/run\/app|\/etc\/secretkit/g;
  const local = (text: string) => text.replace(PREFIXES, (prefix) => join(root, prefix.replaceAll('/', '_')));
  return { local, mkdir: (mountPath: string) => mkdirSync(local(mountPath), { recursive: true }) };
}

/** The command line with `secretkit` as the built bin. */
function asCli(line: string[], local: (text: string) => string): string[] {
  expect(line[0]).toBe('secretkit');
  return line.slice(1).map(local);
}

const dir = tempDir();
afterAll(() => dir.cleanup());
let pods = 0;

describe('examples/kubernetes: secretkit run as the entrypoint (AWS, IRSA)', () => {
  const aws: AwsSecretsManagerFake = createAwsSecretsManagerFake();
  let socket: SocketListener;
  beforeAll(async () => {
    socket = await aws.listenOnSocket({ port: 0 });
  });
  afterEach(() => aws.reset());
  afterAll(() => aws.close());

  const deployment = one('entrypoint/deployment.yaml', 'Deployment');
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0] as Container;
  const policy = JSON.parse(read('entrypoint/iam-policy.json').replaceAll('111122223333', '123456789012'));

  function podEnv(): Record<string, string> {
    return baseEnv({
      ...envOf(container),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: socket.url, // IRSA would inject AWS_ROLE_ARN + a token file instead
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example-secret-access-key',
    });
  }

  it('its service account is the IRSA role’s, and the trust policy names it', () => {
    const account = one('entrypoint/serviceaccount.yaml', 'ServiceAccount');
    expect(pod.serviceAccountName).toBe(account.metadata.name);
    expect(account.automountServiceAccountToken).toBe(false);
    expect(account.metadata.annotations['eks.amazonaws.com/role-arn']).toMatch(/^arn:aws:iam::\d{12}:role\//);
    const trust = read('entrypoint/trust-policy.json');
    expect(trust).toContain(`"system:serviceaccount:${account.metadata.namespace}:${account.metadata.name}"`);
  });

  it('runs the app with its secrets, reading only what the IAM policy allows', async () => {
    aws.put('prod/orders/db', JSON.stringify({ password: 'db-password-1', user: 'orders' }));
    aws.put('prod/orders/stripe', 'sk_live_example');
    const denied = enforceIamPolicy(aws, policy);
    const line = commandLine(container);
    const dashes = line.indexOf('--');
    expect(line.slice(dashes + 1)).toEqual(['node', 'server.js']);
    const out = join(dir.path, 'entrypoint.json');
    const args = [...asCli(line.slice(0, dashes + 1), (t) => t), NODE, fixture('k8s-app.mjs'), 'report', out];
    const result = await runCli(args, { env: podEnv() });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const { env } = JSON.parse(readFileSync(out, 'utf8')) as { env: Record<string, string> };
    expect(env).toMatchObject({
      DATABASE_PASSWORD: 'db-password-1',
      STRIPE_API_KEY: 'sk_live_example',
      DATABASE_HOST: 'orders-db.internal',
    });
    expect(denied).toEqual([]);
    expect(aws.calls.count('GetSecretValue')).toBeGreaterThanOrEqual(2);
  });

  it('the policy is enforced: a secret outside it is denied (77) and the app never starts', async () => {
    aws.put('prod/billing/db', 'not-for-orders');
    const denied = enforceIamPolicy(aws, policy);
    const out = join(dir.path, 'entrypoint-denied.json');
    const result = await runCli(
      ['run', '--env', 'X=awssecrets://prod/billing/db', '--', NODE, fixture('k8s-app.mjs'), 'report', out],
      { env: podEnv() },
    );
    expect(result.code).toBe(77);
    expect(denied).toEqual([
      expect.stringMatching(/^secretsmanager:GetSecretValue .*:secret:prod\/billing\/db-/),
    ]);
  });
});

describe('examples/kubernetes: the Vault shapes (Kubernetes auth)', () => {
  const vault = createVaultFake();
  let socket: VaultFakeSocket;
  beforeAll(async () => {
    socket = await vault.listen({ port: 0 });
  });
  afterEach(() => vault.reset());
  afterAll(() => vault.close());

  /** Lays out the pod's volumes for `container`: the ConfigMap's files, the projected Vault token, empty dirs. */
  function preparePod(pod: Manifest, container: Container, configMap: Manifest) {
    const root = join(dir.path, `pod-${++pods}`);
    const paths = podPaths(root);
    for (const mount of container.volumeMounts ?? []) {
      paths.mkdir(mount.mountPath);
      const volume = (pod.volumes as Manifest[]).find((v) => v.name === mount.name)!;
      if (volume.configMap) {
        expect(volume.configMap.name).toBe(configMap.metadata.name);
        for (const [name, text] of Object.entries(configMap.data as Record<string, string>)) {
          writeFileSync(join(paths.local(mount.mountPath), name), paths.local(text));
        }
      }
      if (volume.projected) {
        const source = volume.projected.sources[0].serviceAccountToken;
        expect(source.audience).toBe('vault');
        writeFileSync(join(paths.local(mount.mountPath), source.path), vault.kubernetes.jwt);
      }
    }
    const env = envOf(container);
    expect(env.VAULT_ADDR).toMatch(/^https:\/\//);
    vault.kubernetes.role = env.SECRETKIT_VAULT_ROLE!;
    const local = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, paths.local(value)]));
    return { paths, env: baseEnv({ ...local, VAULT_ADDR: socket.url }) };
  }

  function memoryVolume(pod: Manifest, name: string) {
    return (pod.volumes as Manifest[]).find((v) => v.name === name)?.emptyDir;
  }

  it('init container: render --once writes the app’s config (0600, memory volume) with only the policy’s access', async () => {
    const deployment = one('init-container/deployment.yaml', 'Deployment');
    const pod = deployment.spec.template.spec;
    const init = (pod.initContainers as Container[]).find((c) => c.name === 'secretkit')!;
    const account = one('init-container/serviceaccount.yaml', 'ServiceAccount');
    expect(pod.serviceAccountName).toBe(account.metadata.name);
    expect(memoryVolume(pod, 'secrets')).toMatchObject({ medium: 'Memory' });
    const app = (pod.containers as Container[])[0]!;
    expect(app.volumeMounts).toContainEqual({ name: 'secrets', mountPath: '/run/secrets', readOnly: true });
    expect(app.volumeMounts?.some((m) => m.name === 'vault-token')).toBe(false); // the app holds no credential

    vault.put('secret/orders/config', {
      db_user: 'orders',
      db_password: 'kv-password-1',
      queue_url: 'amqp://q/orders',
    });
    const denied = enforceVaultPolicy(vault, read('init-container/vault-policy.hcl'));
    const { paths, env } = preparePod(pod, init, one('init-container/configmap.yaml', 'ConfigMap'));
    const result = await runCli(asCli(commandLine(init), paths.local), { env });
    expect(result.code, result.stderr).toBe(0);
    const out = paths.local('/run/secrets/app.conf');
    expect(readFileSync(out, 'utf8')).toBe(
      '[database]\nhost = orders-db.internal\nuser = orders\npassword = kv-password-1\n\n[queue]\nurl = amqp://q/orders\n',
    );
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(vault.calls.count('login')).toBe(1);
    expect(denied).toEqual([]);
  });

  it('init container: a secret outside the policy is denied (77) and no file is written', async () => {
    const pod = one('init-container/deployment.yaml', 'Deployment').spec.template.spec;
    const init = (pod.initContainers as Container[]).find((c) => c.name === 'secretkit')!;
    const configMap = one('init-container/configmap.yaml', 'ConfigMap');
    configMap.data['app.conf.tpl'] = 'x = {{ vault://secret/billing/config#/key }}\n';
    vault.put('secret/billing/config', { key: 'not-for-orders' });
    const denied = enforceVaultPolicy(vault, read('init-container/vault-policy.hcl'));
    const { paths, env } = preparePod(pod, init, configMap);
    const result = await runCli(asCli(commandLine(init), paths.local), { env });
    expect(result.code).toBe(77);
    expect(denied.length).toBeGreaterThan(0);
    expect(() => statSync(paths.local('/run/secrets/app.conf'))).toThrow();
  });

  it('sidecar: render --watch keeps the credential current and signals the app after a lease replacement', async () => {
    const deployment = one('sidecar/deployment.yaml', 'Deployment');
    const pod = deployment.spec.template.spec;
    expect(pod.shareProcessNamespace).toBe(true);
    const sidecar = (pod.initContainers as Container[]).find((c) => c.name === 'secretkit')!;
    expect(sidecar.restartPolicy).toBe('Always');
    expect(memoryVolume(pod, 'secrets')).toMatchObject({ medium: 'Memory' });
    expect(pod.serviceAccountName).toBe(one('sidecar/serviceaccount.yaml', 'ServiceAccount').metadata.name);

    vault.addRole('database/creds/orders', { ttl: 4, maxTtl: 4, renewable: false }); // replaced every ~3.5 s
    const denied = enforceVaultPolicy(vault, read('sidecar/vault-policy.hcl'));
    const { paths, env } = preparePod(pod, sidecar, one('sidecar/configmap.yaml', 'ConfigMap'));
    const cli = startCli(asCli(commandLine(sidecar), paths.local), { env });
    // the startupProbe, as the kubelet runs it, holds the app back until the first render
    const [probe, ...probeArgs] = sidecar.startupProbe!.exec.command.map(paths.local);
    await waitFor(() => spawnSync(probe!, probeArgs).status === 0, 'the startup probe');
    const app = (pod.containers as Container[])[0]!;
    expect(app.args).toEqual(['--db-config', '/run/secrets/db.conf', '--pid-file', '/run/app/app.pid']);
    const log = join(dir.path, 'sidecar-app.log');
    const appProcess = startProcess(
      NODE,
      [
        fixture('k8s-app.mjs'),
        'daemon',
        paths.local('/run/app/app.pid'),
        paths.local('/run/secrets/db.conf'),
        log,
      ],
      { env: baseEnv() },
    );
    const events = () =>
      (readFileSync(log, { encoding: 'utf8', flag: 'a+' }) || '')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { event: string; config: string });
    await waitFor(() => events().some((e) => e.event === 'reload'), 'the app to be signalled', {
      timeoutMs: 15_000,
    });
    const start = events().find((e) => e.event === 'start')!;
    const reload = events().find((e) => e.event === 'reload')!;
    const passwordOf = (config: string) => (JSON.parse(config) as { password: string }).password;
    expect(passwordOf(reload.config)).not.toBe(passwordOf(start.config));
    expect(statSync(paths.local('/run/secrets/db.conf')).mode & 0o777).toBe(0o600);
    expect(denied).toEqual([]);
    expect(vault.calls.count('login')).toBe(1);
    const result = await stopCli(cli, 'SIGTERM');
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('--exec failed');
    expect(result.stdout).toBe('');
    appProcess.kill('SIGTERM');
    await appProcess.exit;
  });
});
