// Spans from the two tracing channels: an INTERNAL `secretkit read` span per read, and under it a
// CLIENT `secretkit <operation>` span per provider call attempt, ERROR on every failed attempt
// (also when a retry then succeeds). Spans are keyed by the channel contexts, never stored on them.
import type { TracingChannelSubscribers } from 'node:diagnostics_channel';
import { context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import {
  ATTR_ATTEMPTS,
  ATTR_ERROR_TYPE,
  attemptAttributes,
  failureDescription,
  readAttributes,
} from './attributes.js';
import type { Failure, ProviderCallContext, ReadContext } from './channels.js';

/** The name of a read's span; its attempts are `secretkit <operation>`. */
export const READ_SPAN_NAME = 'secretkit read';

export interface SpanSubscribers {
  read: TracingChannelSubscribers<ReadContext>;
  providerCall: TracingChannelSubscribers<ProviderCallContext>;
}

const ignore = () => {};

/**
 * The span handlers of one instrumentation. A read span's parent is the context active when the
 * read started (the caller's span, with a context manager); an attempt's parent is its read span.
 */
export function spanSubscribers(tracer: Tracer, recordNames: boolean): SpanSubscribers {
  const readSpans = new WeakMap<ReadContext, Span>();
  return {
    read: spanPerCall(
      readSpans,
      (read) => {
        const attributes = readAttributes(read, recordNames);
        return tracer.startSpan(READ_SPAN_NAME, { kind: SpanKind.INTERNAL, attributes }, context.active());
      },
      (span, read) => span.setAttribute(ATTR_ATTEMPTS, read.attempts),
    ),
    providerCall: spanPerCall(new WeakMap<ProviderCallContext, Span>(), (call) => {
      const parent = call.read && readSpans.get(call.read);
      const parentContext = parent ? trace.setSpan(context.active(), parent) : context.active();
      const attributes = attemptAttributes(call, recordNames);
      return tracer.startSpan(
        `secretkit ${call.operation}`,
        { kind: SpanKind.CLIENT, attributes },
        parentContext,
      );
    }),
  };
}

/**
 * The handlers of one tracing channel: `open` starts a span when a call starts, kept in `spans`
 * under the call's context; when the call settles, `finish` adds what only the end knows, a failure
 * is marked and the span ends.
 */
function spanPerCall<Call extends Failure & object>(
  spans: WeakMap<Call, Span>,
  open: (call: Call) => Span,
  finish: (span: Span, call: Call) => void = ignore,
): TracingChannelSubscribers<Call> {
  return {
    start(call) {
      spans.set(call, open(call));
    },
    end: ignore,
    asyncStart: ignore,
    error: ignore,
    asyncEnd(call) {
      const span = spans.get(call);
      if (!span) return;
      spans.delete(call);
      finish(span, call);
      markFailure(span, call);
      span.end();
    },
  };
}

/** A failed read or attempt: `error.type` = its code and status ERROR; nothing on success. */
function markFailure(span: Span, failure: Failure): void {
  if (failure.code === undefined) return;
  span.setAttribute(ATTR_ERROR_TYPE, failure.code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: failureDescription(failure) });
}
