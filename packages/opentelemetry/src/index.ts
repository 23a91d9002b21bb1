// Public surface of @secretkit/opentelemetry: exports only.
export {
  ATTR_ATTEMPT,
  ATTR_ATTEMPTS,
  ATTR_BATCH_SIZE,
  ATTR_ERROR_TYPE,
  ATTR_LEASE_STATUS,
  ATTR_OPERATION,
  ATTR_PROVIDER,
  ATTR_ROTATION_REASON,
  ATTR_SECRET_NAME,
  ATTR_SECRET_NAMES,
  ATTR_TRIGGER,
} from './attributes.js';
export { CHANNELS } from './channels.js';
export type { InstrumentSecretkitOptions, SecretkitInstrumentation } from './instrument.js';
export { instrumentSecretkit, SCOPE_NAME } from './instrument.js';
export { DURATION_BUCKETS, METRICS } from './metrics.js';
export { READ_SPAN_NAME } from './spans.js';
