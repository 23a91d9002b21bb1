// The conformance suite over both wires, through the real Google client: REST against the msw fake,
// gRPC against the local gRPC server (wiring in harness.ts).
import { describeProviderConformance } from '@secretkit/conformance';
import { conformanceFor, TRANSPORTS } from './harness.js';

for (const transport of TRANSPORTS) describeProviderConformance(conformanceFor(transport));
