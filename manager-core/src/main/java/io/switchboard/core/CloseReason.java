package io.switchboard.core;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A WebSocket close code with its reason text, as the manager sends it to a client.
 *
 * <p>The constants are every close Switchboard initiates, the manager's and the transports' alike,
 * defined once here so that every transport closes with the same code and reason for the same
 * cause; {@code docs/protocol.md} lists them with what a client should do. Immutable; safe to
 * share between threads.
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

    /** 1008: the client kept sending beyond the inbound rate limit after an {@code error} frame. */
    public static final CloseReason RATE_LIMITED =
            new CloseReason(1008, "rate limit exceeded");

    /** 1001: a transport saw no inbound frame for its {@code idleTimeout}. */
    public static final CloseReason IDLE_TIMEOUT = new CloseReason(1001, "idle timeout");

    /**
     * 1002: the peer broke RFC 6455's framing rules (an unmasked frame, a reserved bit or opcode,
     * a fragmented or oversized control frame, a stray continuation, an invalid close code).
     */
    public static final CloseReason PROTOCOL_ERROR = new CloseReason(1002, "protocol error");

    /** 1007: a text message or close reason that is not UTF-8, or compressed data that does not inflate. */
    public static final CloseReason INVALID_PAYLOAD = new CloseReason(1007, "invalid payload");

    /** 1008: a session opened without an admitted handshake (only on a non-compliant container). */
    public static final CloseReason NOT_ADMITTED = new CloseReason(1008, "not authenticated");

    /** 1009: a message exceeded {@code maxMessageBytes} (counted after decompression). */
    public static final CloseReason MESSAGE_TOO_BIG = new CloseReason(1009, "message too big");

    /** 1011: an unexpected failure inside a transport; the details are logged. */
    public static final CloseReason INTERNAL_ERROR = new CloseReason(1011, "internal error");

    /**
     * The reason a peer's close frame gave, as the manager records it: the peer's own code and
     * reason when they may be sent again, otherwise {@link #NORMAL} (no status, 1005, 1006, 1015,
     * a code outside the sendable ranges, a reason over 123 bytes). Every transport translates a
     * peer's close through this method.
     *
     * @param code the close frame's status code, or a negative number if it carried none
     * @param reason the close frame's reason text, or null
     * @return the reason to hand to {@code WebSocketManager.disconnect}
     */
    public static CloseReason fromPeer(int code, String reason) {
        try {
            return code < 0 ? NORMAL : new CloseReason(code, reason == null ? "" : reason);
        } catch (IllegalArgumentException notSendable) {
            return NORMAL;
        }
    }

    /**
     * Whether {@code code} may appear in a close frame received from a peer (RFC 6455 7.4): the
     * defined codes 1000-1003 and 1007-1014 (1015 and the reserved 1004-1006 may not be sent), or
     * 3000-4999. Transports that check close frames themselves answer any other code with 1002.
     *
     * @param code the received status code
     * @return {@code true} if a peer may send it
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }

    /**
     * Validates the reason.
     *
     * @param code the close code: 1000-1014 or an application code 3000-4999
     * @param reason the reason text, at most 123 bytes in UTF-8 (the limit of a close frame)
     * @throws IllegalArgumentException if the code is not a valid close code to send, or the
     * reason is longer than 123 bytes in UTF-8
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
