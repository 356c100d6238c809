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
    /** Server to client: a resume was served in full; live events follow. */
    public static final String RECOVERED = "recovered";
    /** Server to client: a resume could not be served; why, and the stream's state. */
    public static final String RECOVERY_FAILED = "recovery_failed";

    /** Client to server: receive the events of one of the user's threads. */
    public static final String SUBSCRIBE = "subscribe";
    /** Client to server: stop receiving a thread's events. */
    public static final String UNSUBSCRIBE = "unsubscribe";
    /** Client to server: an application message for the application's handler. */
    public static final String MESSAGE = "message";
    /** Client to server: an application-level liveness probe (browsers cannot send ping frames). */
    public static final String PING = "ping";
    /** Client to server: the first frame of a client that resumes streams. */
    public static final String HELLO = "hello";
    /** Client to server: resume streams from cursors. */
    public static final String RESUME = "resume";
    /** Client to server: confirms receipt of an event. */
    public static final String ACK = "ack";
    /** Client to server: asks to stop a run of the user. */
    public static final String CANCEL = "cancel";
    /** Client to server: decides an approval request of a run of the user. */
    public static final String APPROVAL = "approval";

    // Kept free for a later protocol version's control frames.
    private static final Set<String> RESERVED_FOR_LATER = Set.of("recovery", "goodbye", "auth");

    private static final Set<String> RESERVED = Set.of(
            "agent_started", "agent_thinking", "tool_executing", "tool_completed",
            "agent_completed", "message_started", "message_delta", "message_completed",
            "tool_call_delta", "approval_requested", "approval_decided", "cancel_requested",
            WELCOME, ERROR, SUBSCRIBED, UNSUBSCRIBED, PONG, RECOVERED, RECOVERY_FAILED, SUBSCRIBE,
            UNSUBSCRIBE, MESSAGE, PING, HELLO, RESUME, ACK, CANCEL, APPROVAL);

    private WireTypes() {
    }

    /**
     * Whether {@code type} is a name of the protocol.
     *
     * @param type a frame type
     * @return {@code true} if applications may not use it
     */
    public static boolean isReserved(String type) {
        return RESERVED.contains(type) || RESERVED_FOR_LATER.contains(type);
    }
}
