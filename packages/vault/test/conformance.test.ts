// The conformance suite against the Vault fake through node-vault (wiring in harness.ts).
import { describeProviderConformance } from '@secretkit/conformance';
import { vaultConformance } from './harness.js';

describeProviderConformance(vaultConformance());
