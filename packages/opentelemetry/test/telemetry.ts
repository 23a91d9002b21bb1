// The OpenTelemetry SDK the tests export to: in-memory span and metric exporters, and readers of
// what they hold (spans by name, counter sums and histogram counts by attributes).
import type { Attributes } from '@opentelemetry/api';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  type MetricData,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

export interface Telemetry {
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
  /** Every span ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  /** The metrics as collected now (cumulative). */
  collect(): Promise<MetricData[]>;
  shutdown(): Promise<void>;
}

/**
 * Collects when the test asks and hands the result to the exporter, which stores it at once (it
 * answers through a setTimeout, which fake timers hold: that answer is not waited for).
 */
class OnDemandReader extends MetricReader {
  readonly #exporter: InMemoryMetricExporter;
  constructor(exporter: InMemoryMetricExporter) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
    this.#exporter = exporter;
  }
  async exportNow(): Promise<void> {
    const { resourceMetrics } = await this.collect();
    this.#exporter.export(resourceMetrics, () => {});
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export function telemetry(): Telemetry {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spanExporter })],
  });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new OnDemandReader(metricExporter);
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    spans: () => spanExporter.getFinishedSpans(),
    async collect() {
      metricExporter.reset();
      await reader.exportNow();
      return metricExporter
        .getMetrics()
        .flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}

/** The data points of `name` whose attributes include `match`. */
function pointsOf(metrics: MetricData[], name: string, match: Attributes): Array<DataPoint<unknown>> {
  const metric = metrics.find((candidate) => candidate.descriptor.name === name);
  if (!metric) return [];
  return (metric.dataPoints as Array<DataPoint<unknown>>).filter((point) =>
    Object.entries(match).every(([key, value]) => point.attributes[key] === value),
  );
}

/** The sum of a counter over the points matching `match` (0 when there is none). */
export function counted(metrics: MetricData[], name: string, match: Attributes = {}): number {
  return pointsOf(metrics, name, match).reduce((sum, point) => sum + (point.value as number), 0);
}

/** How many measurements a histogram holds over the points matching `match`. */
export function measured(metrics: MetricData[], name: string, match: Attributes = {}): number {
  return pointsOf(metrics, name, match).reduce((sum, point) => sum + (point.value as Histogram).count, 0);
}

/** The attribute sets of a metric's points. */
export function attributeSets(metrics: MetricData[], name: string): Attributes[] {
  return pointsOf(metrics, name, {}).map((point) => point.attributes);
}

/** The metric's unit and kind of data points (SUM for a counter, HISTOGRAM). */
export function shapeOf(metrics: MetricData[], name: string) {
  const metric = metrics.find((candidate) => candidate.descriptor.name === name);
  return metric && { unit: metric.descriptor.unit, points: metric.dataPointType };
}

/** The id of a span, and of its parent, for nesting checks. */
export const spanId = (span: ReadableSpan) => span.spanContext().spanId;
export const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;
