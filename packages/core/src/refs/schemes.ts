// The rules of every scheme, by canonical name.
import type { SchemeRules } from './ref-fields.js';
import { awsRules } from './scheme-aws.js';
import { azureRules } from './scheme-azure.js';
import { gcpRules } from './scheme-gcp.js';
import { dopplerRules, fileRules, memoryRules, vaultRules } from './scheme-others.js';
import type { SecretRefScheme } from './secret-ref.js';

export const SCHEME_RULES: Readonly<Record<SecretRefScheme, SchemeRules>> = {
  awssecrets: awsRules,
  azurekeyvault: azureRules,
  gcpsecrets: gcpRules,
  vault: vaultRules,
  openbao: vaultRules,
  doppler: dopplerRules,
  file: fileRules,
  memory: memoryRules,
};
