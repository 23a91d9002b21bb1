// The least-privilege policies of examples/kubernetes, enforced on the fakes: a handler in front of
// each fake answers AccessDenied / permission denied for anything the policy does not grant, so
// the example commands pass only with exactly the access their policy gives.
import type { AwsSecretsManagerFake } from '@secretkit/aws/testing';
import type { VaultFake } from '@secretkit/vault/testing';
import { HttpResponse, http } from 'msw';

interface IamStatement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
}

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

/** IAM's wildcard match: `*` any run of characters, `?` exactly one. */
function iamMatch(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(value);
}

export function iamAllows(statements: readonly IamStatement[], action: string, resource: string): boolean {
  const matches = (statement: IamStatement) =>
    list(statement.Action).some((pattern) => iamMatch(pattern, action)) &&
    list(statement.Resource).some((pattern) => iamMatch(pattern, resource));
  const relevant = statements.filter(matches);
  return relevant.some((s) => s.Effect === 'Allow') && !relevant.some((s) => s.Effect === 'Deny');
}

/** Makes the AWS fake answer AccessDeniedException for whatever `policy` does not allow. */
export function enforceIamPolicy(fake: AwsSecretsManagerFake, policy: { Statement: IamStatement[] }) {
  const denied: string[] = [];
  fake.host.use(
    http.post('*', async ({ request }) => {
      const target = request.headers.get('x-amz-target') ?? '';
      const action = `secretsmanager:${target.split('.')[1] ?? ''}`;
      const body = (await request.clone().json()) as { SecretId?: string };
      const id = body.SecretId ?? '';
      let arn: string;
      try {
        arn = id.startsWith('arn:') ? id : fake.arnOf(id);
      } catch {
        arn = `arn:aws:secretsmanager:${fake.region}:123456789012:secret:${id}-AbCdEf`;
      }
      if (iamAllows(policy.Statement, action, arn)) return undefined; // on to the fake
      denied.push(`${action} ${arn}`);
      return HttpResponse.json(
        { __type: 'AccessDeniedException', message: `not authorized to perform: ${action}` },
        { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' } },
      );
    }),
  );
  return denied;
}

interface VaultRule {
  path: string;
  capabilities: string[];
}

/** `path "…" { capabilities = [ … ] }` blocks of a Vault policy. */
export function parseVaultPolicy(hcl: string): VaultRule[] {
  const rules: VaultRule[] = [];
  const block = /path\s+"([^"]+)"\s*\{\s*capabilities\s*=\s*\[([^\]]*)\]\s*\}/g;
  for (const match of hcl.replace(/#.*$/gm, '').matchAll(block)) {
    rules.push({ path: match[1]!, capabilities: [...match[2]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) });
  }
  return rules;
}

/** Vault's path globs: a trailing `*` is a prefix, `+` one segment. */
function vaultMatch(pattern: string, path: string): boolean {
  const source = pattern
    .replace(/[.^${}()|[\]\\?]/g, '\\$&')
    .replace(/\+/g, '[^/]+')
    .replace(/\*$/, '.*');
  return new RegExp(`^${source}$`).test(path);
}

/** What every token may do: the login endpoints, and the token self-service of Vault's `default` policy. */
const ALWAYS: VaultRule[] = [
  { path: 'auth/+/login', capabilities: ['update', 'create'] },
  { path: 'auth/token/lookup-self', capabilities: ['read'] },
  { path: 'auth/token/renew-self', capabilities: ['update'] },
];

function capabilityOf(method: string): string {
  if (method === 'GET') return 'read';
  if (method === 'LIST') return 'list';
  if (method === 'DELETE') return 'delete';
  return 'update';
}

/** Makes the Vault fake answer 403 permission denied for whatever `hcl` does not grant. */
export function enforceVaultPolicy(fake: VaultFake, hcl: string) {
  const rules = [...parseVaultPolicy(hcl), ...ALWAYS];
  const denied: string[] = [];
  fake.host.use(
    http.all('*', ({ request }) => {
      const url = new URL(request.url);
      if (!url.pathname.startsWith('/v1/')) return undefined;
      const path = url.pathname.slice('/v1/'.length);
      const capability = capabilityOf(request.method);
      const allowed = rules.some(
        (rule) =>
          vaultMatch(rule.path, path) &&
          (rule.capabilities.includes(capability) ||
            (capability === 'update' && rule.capabilities.includes('create'))),
      );
      if (allowed) return undefined;
      denied.push(`${capability} ${path}`);
      return HttpResponse.json({ errors: ['1 error occurred:\n\t* permission denied\n\n'] }, { status: 403 });
    }),
  );
  return denied;
}
