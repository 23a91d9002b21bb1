// Metrics from the channels: the duration of every provider call attempt, and counters of cache
// hits, misses and stale serves (tallied: cache-tally.ts), rotations and lease events (DESIGN §12).
import type { TracingChannelSubscribers } from 'node:diagnostics_channel';
import type { Attributes, Meter } from '@opentelemetry/api';
import {
  ATTR_LEASE_STATUS,
  ATTR_PROVIDER,
  ATTR_ROTATION_REASON,
  durationAttributes,
  nameAttributes,
} from './attributes.js';
import { CACHE_METRICS, cacheTally } from './cache-tally.js';
import type { CacheMessage, LeaseMessage, ProviderCallContext, RotateMessage } from './channels.js';

/** Metric names, as DESIGN §12 lists them. */
export const METRICS = {
  callDuration: 'secretkit.provider.call.duration',
  cacheHits: CACHE_METRICS.hit,
  cacheMisses: CACHE_METRICS.miss,
  cacheStale: CACHE_METRICS.stale,
  rotations: 'secretkit.rotations',
  leaseEvents: 'secretkit.lease.events',
} as const;

/** The buckets of `http.client.request.duration` (seconds): provider calls are HTTP calls mostly. */
export const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export interface MetricSubscribers {
  providerCall: TracingChannelSubscribers<ProviderCallContext>;
  cache: (message: unknown) => void;
  rotate: (message: unknown) => void;
  lease: (message: unknown) => void;
}

const ignore = () => {};

export function metricSubscribers(meter: Meter, recordNames: boolean): MetricSubscribers {
  const duration = meter.createHistogram(METRICS.callDuration, {
    unit: 's',
    description: 'Duration of each provider call attempt (a retried read makes several).',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const lookups = cacheTally(meter);
  const rotations = meter.createCounter(METRICS.rotations, {
    unit: '{rotation}',
    description: 'New versions (or replaced leases) of cached secrets.',
  });
  const leaseEvents = meter.createCounter(METRICS.leaseEvents, {
    unit: '{event}',
    description: 'Lease renewals, failed renewals, replacements, expiries and revocations.',
  });
  const started = new WeakMap<ProviderCallContext, number>();
  const secretAttributes = (message: { provider: string; name?: string }): Attributes => ({
    [ATTR_PROVIDER]: message.provider,
    ...nameAttributes(message, recordNames),
  });
  return {
    providerCall: {
      start: (call) => {
        started.set(call, performance.now());
      },
      end: ignore,
      asyncStart: ignore,
      error: ignore,
      asyncEnd: (call) => {
        const at = started.get(call);
        if (at === undefined) return;
        started.delete(call);
        duration.record(Math.max(0, performance.now() - at) / 1000, durationAttributes(call));
      },
    },
    cache: (message) => {
      const { type, provider, name } = message as CacheMessage;
      // A refresh ahead was already counted as its hit (the refresh itself is a read span).
      if (type === 'hit' || type === 'miss' || type === 'stale') {
        lookups.count(type, provider, recordNames ? name : undefined);
      }
    },
    rotate: (message) => {
      const rotation = message as RotateMessage;
      rotations.add(1, { ...secretAttributes(rotation), [ATTR_ROTATION_REASON]: rotation.reason });
    },
    lease: (message) => {
      const event = message as LeaseMessage;
      leaseEvents.add(1, { ...secretAttributes(event), [ATTR_LEASE_STATUS]: event.status });
    },
  };
}
