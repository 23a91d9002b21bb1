// The conformance suite against the msw fake, through the real AWS SDK (wiring in harness.ts).
import { describeProviderConformance } from '@secretkit/conformance';
import { CONFORMANCE } from './harness.js';

describeProviderConformance(CONFORMANCE);
