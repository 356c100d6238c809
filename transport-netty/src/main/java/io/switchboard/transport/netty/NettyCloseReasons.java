package io.switchboard.transport.netty;

import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.switchboard.core.CloseReason;

/**
 * The closes this transport initiates itself, beyond the manager's own, and how a peer's close
 * frame becomes the reason handed to {@code WebSocketManager.disconnect}.
 */
final class NettyCloseReasons {

    /** 1009: a message exceeded {@code maxMessageBytes} (after decompression). */
    static final CloseReason MESSAGE_TOO_BIG = new CloseReason(1009, "message too big");

    /** 1001: no inbound frame for {@code idleTimeout}. */
    static final CloseReason IDLE_TIMEOUT = new CloseReason(1001, "idle timeout");

    /** 1002: the peer broke the framing rules (unmasked frame, bad opcode, reserved bits). */
    static final CloseReason PROTOCOL_ERROR = new CloseReason(1002, "protocol error");

    /** 1007: a text frame that is not UTF-8, or compressed data that does not inflate. */
    static final CloseReason INVALID_PAYLOAD = new CloseReason(1007, "invalid payload");

    /** 1011: an unexpected failure inside the transport; the details are logged. */
    static final CloseReason INTERNAL_ERROR = new CloseReason(1011, "internal error");

    /** 1001: the transport's server is stopping. */
    static final CloseReason SERVER_STOPPING = CloseReason.GOING_AWAY;

    private NettyCloseReasons() {
    }

    /**
     * The reason a peer gave in its close frame, if it may be sent again; otherwise (no status,
     * 1005, 1006, 1015, an over-long reason) {@link CloseReason#NORMAL}.
     */
    static CloseReason fromPeer(CloseWebSocketFrame frame) {
        int code = frame.statusCode();
        if (code < 0) {
            return CloseReason.NORMAL;
        }
        try {
            return new CloseReason(code, frame.reasonText() == null ? "" : frame.reasonText());
        } catch (IllegalArgumentException notSendable) {
            return CloseReason.NORMAL;
        }
    }

    /** Maps a Netty close status raised by a decoder to the reason this transport sends. */
    static CloseReason forStatus(int code) {
        return switch (code) {
            case 1009 -> MESSAGE_TOO_BIG;
            case 1007 -> INVALID_PAYLOAD;
            case 1002 -> PROTOCOL_ERROR;
            default -> INTERNAL_ERROR;
        };
    }
}
