// vault:// and openbao:// (a logical path), doppler://[PROJECT/CONFIG/]NAME, file:// (a path) and
// memory:// (a name): the schemes whose body is the provider's name with little or no structure.
import { refError } from './ref-errors.js';
import { assertPart, definedFields, pathSegments, type SchemeRules } from './ref-fields.js';

/** KV v2 versions are integers; anything else would end up in the request URL. */
const VAULT_VERSION = /^\d+$/;
/** A namespace path such as `admin` or `admin/team-a`. */
const VAULT_NAMESPACE = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/** vault:// and openbao://: the path as the Vault CLI takes it (`secret/app/db`, `database/creds/app`). */
export const vaultRules: SchemeRules = {
  queryKeys: ['version', 'namespace'],
  parse(text, body, pairs) {
    pathSegments(text, body, 'the Vault path');
    const version = pairs.get('version');
    const namespace = pairs.get('namespace');
    if (version !== undefined) assertPart(text, version, VAULT_VERSION, 'the version');
    if (namespace !== undefined) assertPart(text, namespace, VAULT_NAMESPACE, 'the namespace');
    return definedFields({ name: body, version, params: { namespace } });
  },
  format(ref) {
    return {
      body: ref.name,
      query: [
        ['version', ref.version],
        ['namespace', ref.params.namespace],
      ],
    };
  },
};

/** doppler://NAME, doppler://PROJECT/CONFIG/NAME, or doppler:////NAME (empty: both from the token). */
export const dopplerRules: SchemeRules = {
  queryKeys: [],
  parse(text, body) {
    const segments = body.split('/');
    if (segments.length === 1) return definedFields({ name: body, params: {} });
    const [project, config, name] = segments as [string, string, string];
    if (segments.length !== 3 || name === '') {
      throw refError(text, 'a Doppler ref is doppler://NAME or doppler://PROJECT/CONFIG/NAME');
    }
    if ((project === '') !== (config === '')) {
      throw refError(
        text,
        'give both the Doppler project and config, or neither (the token then implies them)',
      );
    }
    return definedFields({
      name,
      params: { project: project || undefined, config: config || undefined },
    });
  },
  format(ref) {
    const { project, config } = ref.params;
    const body =
      project === undefined && config === undefined ? ref.name : `${project}/${config}/${ref.name}`;
    return { body, query: [] };
  },
};

/** file:///abs/path or file://relative/path: the name is the path as written. */
export const fileRules: SchemeRules = {
  queryKeys: [],
  parse(_text, body) {
    return definedFields({ name: body, params: {} });
  },
  format(ref) {
    return { body: ref.name, query: [] };
  },
};

/** memory://NAME?version=. */
export const memoryRules: SchemeRules = {
  queryKeys: ['version'],
  parse(_text, body, pairs) {
    return definedFields({ name: body, version: pairs.get('version'), params: {} });
  },
  format(ref) {
    return { body: ref.name, query: [['version', ref.version]] };
  },
};
