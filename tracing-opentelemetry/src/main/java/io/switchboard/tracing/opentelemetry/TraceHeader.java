package io.switchboard.tracing.opentelemetry;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.switchboard.core.spi.TextFrame;
import java.util.Optional;

/**
 * A trace context as one frame context: the W3C {@code traceparent}, then, if the trace has one, a
 * space and the {@code tracestate} ({@code traceparent} never contains a space, so the first one
 * separates them). Both are printable ASCII, as a frame's context must be.
 */
final class TraceHeader {

    private static final String TRACEPARENT = "traceparent";
    private static final String TRACESTATE = "tracestate";

    private final W3CTraceContextPropagator w3c = W3CTraceContextPropagator.getInstance();

    /** The header of {@code context}'s span, or null if it has no valid span context. */
    String write(Context context) {
        Header header = new Header();
        w3c.inject(context, header, Header.SETTER);
        if (header.traceparent == null) {
            return null;
        }
        String written = header.tracestate == null || header.tracestate.isEmpty()
                ? header.traceparent : header.traceparent + " " + header.tracestate;
        return written.length() > TextFrame.MAX_CONTEXT_LENGTH
                ? header.traceparent : written;
    }

    /** The remote context a header names, as a parent; the root context if there is none. */
    Context read(Optional<String> written) {
        if (written.isEmpty()) {
            return Context.root();
        }
        Header header = new Header();
        String value = written.get();
        int space = value.indexOf(' ');
        header.traceparent = space < 0 ? value : value.substring(0, space);
        header.tracestate = space < 0 ? null : value.substring(space + 1);
        return w3c.extract(Context.root(), header, Header.GETTER);
    }

    /** The two W3C headers as a propagator's carrier. */
    private static final class Header {
        static final TextMapSetter<Header> SETTER = (carrier, key, value) -> {
            if (TRACEPARENT.equals(key)) {
                carrier.traceparent = value;
            } else if (TRACESTATE.equals(key)) {
                carrier.tracestate = value;
            }
        };
        // keys() keeps its default: the W3C propagator reads the two fields by name only.
        static final TextMapGetter<Header> GETTER = (carrier, key) -> carrier == null ? null
                : TRACEPARENT.equals(key) ? carrier.traceparent
                : TRACESTATE.equals(key) ? carrier.tracestate : null;

        String traceparent;
        String tracestate;
    }
}
