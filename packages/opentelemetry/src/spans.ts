import {
  context,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { errorType, serverOf, statusCode } from './names';
import type { InstrumentedEvents } from './types';

/**
 * One CLIENT span per HTTP token request (attempt), per the HTTP semantic conventions: started on
 * the `request` event inside the caller's context (so its parent is the caller's active span),
 * ended on the `response` event with the same `id`.
 */
export function createSpans(tracer: Tracer) {
  const open = new Map<number, Span>();
  return {
    start(event: InstrumentedEvents['request'], attributes: Attributes): void {
      const server = serverOf(event.url);
      const span = tracer.startSpan(
        server === undefined ? event.method : `${event.method} ${server.path}`,
        {
          kind: SpanKind.CLIENT,
          attributes: {
            ...attributes,
            'http.request.method': event.method,
            ...(server && { 'url.full': server.url }), // query values scrubbed: no secret, no client id
            ...(server && {
              'server.address': server.address,
              'server.port': server.port,
              'url.template': server.path,
            }),
            ...(event.attempt > 1 && { 'http.request.resend_count': event.attempt - 1 }),
          },
        },
        context.active(),
      );
      open.set(event.id, span);
    },
    end(event: InstrumentedEvents['response']): void {
      const span = open.get(event.id);
      if (span === undefined) return;
      open.delete(event.id);
      const code = statusCode(event.status); // known statuses only (error.type has the class)
      if (code !== undefined) span.setAttribute('http.response.status_code', code);
      const type = errorType(event.status, event.error);
      if (type !== undefined) {
        span.setAttribute('error.type', type);
        span.setStatus({ code: SpanStatusCode.ERROR, message: type });
      }
      span.end();
    },
    /** End the spans still open (their `response` will not be heard any more). */
    stop(): void {
      for (const span of open.values()) span.end();
      open.clear();
    },
  };
}
