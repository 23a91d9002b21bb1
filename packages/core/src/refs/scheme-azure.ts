// azurekeyvault://VAULT/NAME[/VERSION]: VAULT is a vault name or a Key Vault host of a known cloud.
// Any other host is CONFIG: the adapter sends a bearer token to the vault's host.
import { refError } from './ref-errors.js';
import { assertPart, definedFields, oneVersion, pathSegments, type SchemeRules } from './ref-fields.js';

/** Key Vault DNS suffixes: public cloud, China, US Government, and Managed HSM. */
export const KEY_VAULT_SUFFIXES = [
  '.vault.azure.net',
  '.vault.azure.cn',
  '.vault.usgovcloudapi.net',
  '.managedhsm.azure.net',
] as const;
const PUBLIC_SUFFIX = KEY_VAULT_SUFFIXES[0];
/**
 * A vault name is one DNS label (letters, digits, inner dashes): the host is then always
 * `<label><known suffix>`. Azure's own rule (3-24 characters) is the service's to enforce.
 */
const VAULT_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const VERSION = /^[A-Za-z0-9]+$/;

/** `https://<host>` for a vault name or Key Vault host; CONFIG for anything else. */
function vaultUrlOf(text: string, vault: string): string {
  const lower = vault.toLowerCase();
  if (!lower.includes('.')) {
    assertPart(text, lower, VAULT_NAME, 'the vault name');
    return `https://${lower}${PUBLIC_SUFFIX}`;
  }
  const suffix = KEY_VAULT_SUFFIXES.find((known) => lower.endsWith(known));
  const label = suffix === undefined ? '' : lower.slice(0, -suffix.length);
  if (suffix === undefined || !VAULT_NAME.test(label)) {
    throw refError(
      text,
      `"${vault}" is not a vault name or a Key Vault host (<vault>${KEY_VAULT_SUFFIXES.join(', <vault>')}); ` +
        'the bearer token must only ever go to Key Vault',
    );
  }
  return `https://${lower}`;
}

export const azureRules: SchemeRules = {
  queryKeys: ['version'],
  parse(text, body, pairs) {
    const trimmed = body.endsWith('/') ? body.slice(0, -1) : body; // one trailing "/", as vals
    const segments = pathSegments(text, trimmed, 'the body');
    if (segments.length !== 2 && segments.length !== 3) {
      throw refError(text, 'an Azure Key Vault ref is azurekeyvault://VAULT/NAME[/VERSION]');
    }
    const [vault, name, pathVersion] = segments as [string, string, string | undefined];
    const version = oneVersion(text, pathVersion, pairs.get('version'));
    if (version !== undefined) assertPart(text, version, VERSION, 'the version');
    return definedFields({ name, version, params: { vaultUrl: vaultUrlOf(text, vault) } });
  },
  format(ref) {
    const host = (ref.params.vaultUrl ?? '').replace(/^https:\/\//, '');
    const label = host.endsWith(PUBLIC_SUFFIX) ? host.slice(0, -PUBLIC_SUFFIX.length) : host;
    const vault = label.includes('.') ? host : label;
    return { body: `${vault}/${ref.name}`, query: [['version', ref.version]] };
  },
};
