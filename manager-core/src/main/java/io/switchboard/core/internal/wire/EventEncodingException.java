package io.switchboard.core.internal.wire;

/** An event's payload could not be serialized to JSON. */
public final class EventEncodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Wraps the serializer's failure.
     *
     * @param cause what Jackson reported
     */
    public EventEncodingException(Throwable cause) {
        super("event payload cannot be serialized: " + cause.getClass().getSimpleName(), cause);
    }
}
