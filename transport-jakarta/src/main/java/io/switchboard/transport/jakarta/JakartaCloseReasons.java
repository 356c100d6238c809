package io.switchboard.transport.jakarta;

import io.switchboard.core.CloseReason;
import jakarta.websocket.CloseReason.CloseCodes;

/**
 * The translation between core's close reasons, which every transport sends alike, and Jakarta's.
 * Stateless.
 */
final class JakartaCloseReasons {

    private JakartaCloseReasons() {
    }

    /** The Jakarta form of {@code reason}; 4xxx application codes become custom close codes. */
    static jakarta.websocket.CloseReason toJakarta(CloseReason reason) {
        return new jakarta.websocket.CloseReason(CloseCodes.getCloseCode(reason.code()),
                reason.reason());
    }

    /** The reason a close the container reports gave, through {@link CloseReason#fromPeer}. */
    static CloseReason fromContainer(jakarta.websocket.CloseReason reason) {
        if (reason == null || reason.getCloseCode() == null) {
            return CloseReason.NORMAL;
        }
        return CloseReason.fromPeer(reason.getCloseCode().getCode(), reason.getReasonPhrase());
    }
}
