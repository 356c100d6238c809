package io.switchboard.tracing.opentelemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.switchboard.core.SendOutcome;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.RunId;
import io.switchboard.core.spi.EventTracing;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * OpenTelemetry across the cluster hop: the trace context that is current where an event is
 * emitted (the agent run's span, say) travels with the event's frame as a W3C {@code traceparent}
 * (and {@code tracestate}) to the instance that delivers it, where it is the current context while
 * the frame is queued for that instance's connections. Install it on every instance:
 *
 * <pre>{@code
 * WebSocketManager manager = WebSocketManager.builder()
 *         .cluster(redisCluster)
 *         .tracing(SwitchboardTracing.builder(openTelemetry).emitSpans(true).deliverSpans(true).build())
 *         .build();
 * }</pre>
 *
 * <p>Spans, both off by default (propagation alone costs no span):
 * <ul>
 *   <li>{@code switchboard emit <type>} (kind PRODUCER), a child of the emitting code's span,
 *       covering the send: storing, local queueing, handing to the cluster (and an emitter's
 *       retries). Its context is then the one that travels.
 *   <li>{@code switchboard deliver} (kind CONSUMER) on the receiving instance, a child of the
 *       context that travelled, covering the local queueing.
 * </ul>
 * Attributes: {@code switchboard.event.type}, {@code switchboard.target} ({@code user},
 * {@code thread}, {@code connection}, {@code room}, {@code all}), {@code switchboard.run.id},
 * {@code switchboard.send.status}, {@code switchboard.queued}, {@code switchboard.forwarded}.
 * User ids are not recorded.
 *
 * <h2>Threading</h2>
 * Immutable and thread-safe; one instance may serve several managers. The manager calls it on the
 * emitting thread and on the cluster port's delivery thread; nothing here blocks.
 */
public final class SwitchboardTracing implements EventTracing {

    private static final String SCOPE = "io.switchboard.tracing.opentelemetry";
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("switchboard.event.type");
    private static final AttributeKey<String> TARGET = AttributeKey.stringKey("switchboard.target");
    private static final AttributeKey<String> RUN = AttributeKey.stringKey("switchboard.run.id");
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("switchboard.send.status");
    private static final AttributeKey<Long> QUEUED = AttributeKey.longKey("switchboard.queued");
    private static final AttributeKey<Long> FORWARDED = AttributeKey.longKey("switchboard.forwarded");

    private final Tracer tracer;
    private final boolean emitSpans;
    private final boolean deliverSpans;
    private final TraceHeader header = new TraceHeader();

    private SwitchboardTracing(OpenTelemetry openTelemetry, boolean emitSpans,
            boolean deliverSpans) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.emitSpans = emitSpans;
        this.deliverSpans = deliverSpans;
    }

    /**
     * Starts building the tracing.
     *
     * @param openTelemetry where spans go (the application's SDK, or {@code GlobalOpenTelemetry})
     * @return a builder: propagation on, both spans off
     */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(openTelemetry);
    }

    @Override
    public Emission emitting(String type, Target target, Optional<RunId> run) {
        Context current = Context.current();
        if (!emitSpans) {
            return new Traced(header.write(current), null);
        }
        Span span = tracer.spanBuilder("switchboard emit " + type).setSpanKind(SpanKind.PRODUCER)
                .setParent(current)
                .setAttribute(EVENT_TYPE, type)
                .setAttribute(TARGET, kind(target))
                .startSpan();
        run.ifPresent(id -> span.setAttribute(RUN, id.value()));
        return new Traced(header.write(current.with(span)), span);
    }

    @Override
    public Delivery delivering(Optional<String> context, Target target) {
        Context remote = header.read(context);
        if (!deliverSpans) {
            Scope scope = remote.makeCurrent();
            return queued -> scope.close();
        }
        Span span = tracer.spanBuilder("switchboard deliver").setSpanKind(SpanKind.CONSUMER)
                .setParent(remote)
                .setAttribute(TARGET, kind(target))
                .startSpan();
        Scope scope = remote.with(span).makeCurrent();
        return queued -> {
            scope.close();
            span.setAttribute(QUEUED, (long) queued);
            span.end();
        };
    }

    private static String kind(Target target) {
        return target.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "SwitchboardTracing[emitSpans=" + emitSpans + ", deliverSpans=" + deliverSpans + "]";
    }

    /** One send: the context it carries, and its span if emit spans are on. */
    private static final class Traced implements Emission {
        private final String context;
        private final Span span;

        Traced(String context, Span span) {
            this.context = context;
            this.span = span;
        }

        @Override
        public String context() {
            return context;
        }

        @Override
        public void ended(SendOutcome outcome) {
            if (span != null) {
                span.setAttribute(STATUS, outcome.status().name().toLowerCase(Locale.ROOT));
                span.setAttribute(QUEUED, (long) outcome.queuedLocal());
                span.setAttribute(FORWARDED, (long) outcome.forwardedInstances());
                span.end();
            }
        }
    }

    /** Builds {@link SwitchboardTracing}. Not thread-safe; use from one thread. */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private boolean emitSpans;
        private boolean deliverSpans;

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        }

        /**
         * Whether a span is recorded where each event is emitted. Default {@code false}.
         *
         * @param value the flag
         * @return this builder
         */
        public Builder emitSpans(boolean value) {
            this.emitSpans = value;
            return this;
        }

        /**
         * Whether a span is recorded where another instance delivers an event. Default
         * {@code false}.
         *
         * @param value the flag
         * @return this builder
         */
        public Builder deliverSpans(boolean value) {
            this.deliverSpans = value;
            return this;
        }

        /**
         * Builds the tracing.
         *
         * @return the tracing
         */
        public SwitchboardTracing build() {
            return new SwitchboardTracing(openTelemetry, emitSpans, deliverSpans);
        }
    }
}
