package io.switchboard.core.internal.wire;

import java.util.Set;

/** The frame type names of protocol v1; applications may not reuse any of them. */
public final class WireTypes {

    /** Server to client: the first frame of every admitted connection. */
    public static final String WELCOME = "welcome";
    /** Server to client: a client frame was refused. */
    public static final String ERROR = "error";
    /** Server to client: confirms a {@code subscribe}. */
    public static final String SUBSCRIBED = "subscribed";
    /** Server to client: confirms an {@code unsubscribe}. */
    public static final String UNSUBSCRIBED = "unsubscribed";
    /** Server to client: answers a {@code ping}. */
    public static final String PONG = "pong";

    /** Client to server: receive the events of one of the user's threads. */
    public static final String SUBSCRIBE = "subscribe";
    /** Client to server: stop receiving a thread's events. */
    public static final String UNSUBSCRIBE = "unsubscribe";
    /** Client to server: an application message for the application's handler. */
    public static final String MESSAGE = "message";
    /** Client to server: an application-level liveness probe (browsers cannot send ping frames). */
    public static final String PING = "ping";

    // Names the delivery protocol (resume, acknowledgements, recovery) uses; reserved so that no
    // application type collides with them when they arrive.
    private static final Set<String> RESERVED_FOR_DELIVERY =
            Set.of("hello", "resume", "ack", "recovery", "recovered", "recovery_failed");

    private static final Set<String> RESERVED = Set.of(
            "agent_started", "agent_thinking", "tool_executing", "tool_completed",
            "agent_completed", WELCOME, ERROR, SUBSCRIBED, UNSUBSCRIBED, PONG, SUBSCRIBE,
            UNSUBSCRIBE, MESSAGE, PING);

    private WireTypes() {
    }

    /**
     * Whether {@code type} is a name of the protocol.
     *
     * @param type a frame type
     * @return {@code true} if applications may not use it
     */
    public static boolean isReserved(String type) {
        return RESERVED.contains(type) || RESERVED_FOR_DELIVERY.contains(type);
    }
}
