package io.switchboard.core.event;

import io.switchboard.core.internal.wire.WireTypes;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An event type of the application's own, sent through the same envelope as the critical events
 * without any change to core.
 *
 * <p>The type must match {@code [a-z][a-z0-9_.-]{0,63}} and must not be one of the wire names that
 * Switchboard reserves (the five critical events and every control frame, see
 * {@code docs/protocol.md}).
 *
 * <p>Immutable as long as the payload is not changed after the event is sent; the manager serializes it on
 * the sending thread.
 *
 * @param type the wire name (for example {@code "citation_added"})
 * @param payload the payload, serialized with Jackson (a record, a map, a Jackson tree...); may be
 *     null
 * @param droppable whether the event may be coalesced or dropped under backpressure
 */
public record ApplicationEvent(String type, Object payload, boolean droppable)
        implements AgentEvent {

    private static final Pattern TYPE_SYNTAX = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    /**
     * Creates the event.
     *
     * @param type the wire name (for example {@code "citation_added"})
     * @param payload the payload, serialized with Jackson (a record, a map, a Jackson tree...); may be
     *     null
     * @param droppable whether the event may be coalesced or dropped under backpressure
     * @throws IllegalArgumentException if {@code type} is malformed or reserved; the message names
     * it
     */
    public ApplicationEvent {
        Objects.requireNonNull(type, "type");
        if (!TYPE_SYNTAX.matcher(type).matches()) {
            throw new IllegalArgumentException(
                    "application event type '" + type + "' does not match [a-z][a-z0-9_.-]{0,63}");
        }
        if (WireTypes.isReserved(type)) {
            throw new IllegalArgumentException(
                    "application event type '" + type + "' is reserved by the Switchboard protocol");
        }
    }

    /**
     * A lifecycle-grade application event: never dropped under backpressure.
     *
     * @param type the wire name
     * @param payload the payload
     * @return the event
     */
    public static ApplicationEvent of(String type, Object payload) {
        return new ApplicationEvent(type, payload, false);
    }
}
