// The memory provider passes the whole conformance suite, every capability claimed.
import { describeProviderConformance } from '@secretkit/conformance';
import { memoryConformance } from './fixtures/memory-harness.js';

describeProviderConformance(memoryConformance('memory'));
