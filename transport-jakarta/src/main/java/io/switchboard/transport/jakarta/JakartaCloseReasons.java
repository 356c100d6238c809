package io.switchboard.transport.jakarta;

import io.switchboard.core.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;

/**
 * The closes this transport initiates itself, beyond the manager's own, and the translation
 * between the core's close reasons and Jakarta's.
 */
final class JakartaCloseReasons {

    /** 1009: a message exceeded {@code maxMessageBytes}. */
    static final CloseReason MESSAGE_TOO_BIG = new CloseReason(1009, "message too big");

    /** 1001: no inbound frame for {@code idleTimeout}. */
    static final CloseReason IDLE_TIMEOUT = new CloseReason(1001, "idle timeout");

    /** 1011: the container reported an error on the connection; the details are logged. */
    static final CloseReason INTERNAL_ERROR = new CloseReason(1011, "internal error");

    /** 1008: a session opened without an admitted handshake (only on a container that ignored a refusal). */
    static final CloseReason NOT_ADMITTED = new CloseReason(1008, "not authenticated");

    private JakartaCloseReasons() {
    }

    /** The Jakarta form of {@code reason}; 4xxx application codes become custom close codes. */
    static jakarta.websocket.CloseReason toJakarta(CloseReason reason) {
        return new jakarta.websocket.CloseReason(CloseCodes.getCloseCode(reason.code()),
                reason.reason());
    }

    /**
     * The reason a close gave, if it may be sent again; otherwise (1005 no status, 1006 abnormal,
     * 1015, a reason too long) {@link CloseReason#NORMAL}.
     */
    static CloseReason fromContainer(jakarta.websocket.CloseReason reason) {
        if (reason == null || reason.getCloseCode() == null) {
            return CloseReason.NORMAL;
        }
        try {
            String phrase = reason.getReasonPhrase();
            return new CloseReason(reason.getCloseCode().getCode(), phrase == null ? "" : phrase);
        } catch (IllegalArgumentException notSendable) {
            return CloseReason.NORMAL;
        }
    }
}
