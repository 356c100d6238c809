package io.switchboard.transport.netty;

import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;

/**
 * Negotiates permessage-deflate exactly as Netty does (parameters, window sizes, the compressing
 * encoder), but installs {@link InflatingDecoder} in place of Netty's decoder so that the inflated
 * size of a message is bounded by {@code maxMessageBytes}.
 */
final class BoundedDeflateHandshaker implements WebSocketServerExtensionHandshaker {

    // Netty deprecates its defaults constructor for ones that also bound the inflater's
    // allocation; only Netty's negotiation is used here, and InflatingDecoder bounds the size.
    @SuppressWarnings("deprecation")
    private final WebSocketServerExtensionHandshaker negotiation =
            new PerMessageDeflateServerExtensionHandshaker();
    private final int maxMessageBytes;

    BoundedDeflateHandshaker(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public WebSocketServerExtension handshakeExtension(WebSocketExtensionData requested) {
        WebSocketServerExtension negotiated = negotiation.handshakeExtension(requested);
        return negotiated == null ? null : new Bounded(negotiated, maxMessageBytes);
    }

    private record Bounded(WebSocketServerExtension negotiated, int maxMessageBytes)
            implements WebSocketServerExtension {

        @Override
        public int rsv() {
            return negotiated.rsv();
        }

        @Override
        public WebSocketExtensionEncoder newExtensionEncoder() {
            return negotiated.newExtensionEncoder();
        }

        @Override
        public WebSocketExtensionDecoder newExtensionDecoder() {
            return new InflatingDecoder(maxMessageBytes);
        }

        @Override
        public WebSocketExtensionData newReponseData() {
            return negotiated.newReponseData();
        }
    }
}
