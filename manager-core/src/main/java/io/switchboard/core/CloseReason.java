package io.switchboard.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A WebSocket close code with its reason text, as the manager sends it to a client.
 *
 * <p>The constants are every close the core itself initiates; {@code docs/protocol.md} lists them
 * with what a client should do. Transports add their own (for example 1009 for an oversize
 * message). Immutable; safe to share between threads.
 *
 * @param code the close code: 1000-1014 or an application code 3000-4999
 * @param reason the reason text, at most 123 bytes in UTF-8 (the limit of a close frame)
 */
public record CloseReason(int code, String reason) {

    /** 1000: the server ended the connection on purpose (for example a user was signed out). */
    public static final CloseReason NORMAL = new CloseReason(1000, "closed by server");

    /** 1001: the server is shutting down. */
    public static final CloseReason GOING_AWAY = new CloseReason(1001, "server shutting down");

    /** 1011: the server failed to send on this connection. */
    public static final CloseReason SEND_FAILED = new CloseReason(1011, "send failed");

    /** 1012: the server is restarting; reconnect (to another instance) and resume. */
    public static final CloseReason SERVICE_RESTART =
            new CloseReason(1012, "server restarting, reconnect and resume");

    /** 1013: the server holds its maximum number of connections; retry later. */
    public static final CloseReason TRY_AGAIN_LATER =
            new CloseReason(1013, "connection limit reached, try again later");

    /** 4001: this user opened a connection beyond the per-user limit; this, the oldest, closed. */
    public static final CloseReason EVICTED =
            new CloseReason(4001, "evicted: per-user connection limit reached");

    /** 4002: no traffic from the client for longer than the stale timeout. */
    public static final CloseReason STALE = new CloseReason(4002, "stale: no traffic");

    /** 4004: the client did not answer a heartbeat ping within the timeout. */
    public static final CloseReason HEARTBEAT_TIMEOUT =
            new CloseReason(4004, "heartbeat timeout");

    /** 4003: the client read too slowly and its outbound queue overflowed; reconnect and resume. */
    public static final CloseReason OUTBOUND_OVERFLOW =
            new CloseReason(4003, "outbound queue overflow, reconnect and resume");

    /**
     * Validates the reason.
     *
     * @throws IllegalArgumentException if the code is not a valid close code to send, or the
     *     reason is longer than 123 bytes in UTF-8
     */
    public CloseReason {
        Objects.requireNonNull(reason, "reason");
        boolean standard = code >= 1000 && code <= 1014 && code != 1004 && code != 1005
                && code != 1006;
        if (!standard && (code < 3000 || code > 4999)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        if (reason.getBytes(StandardCharsets.UTF_8).length > 123) {
            throw new IllegalArgumentException("close reason is longer than 123 bytes: " + reason);
        }
    }
}
