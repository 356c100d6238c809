package io.switchboard.transport.undertow;

import io.undertow.websockets.WebSocketExtension;
import io.undertow.websockets.extensions.ExtensionFunction;
import io.undertow.websockets.extensions.ExtensionHandshake;
import java.util.List;

/**
 * Negotiates permessage-deflate for {@link BoundedDeflate}. Stateless, so one instance serves
 * every handshake (Undertow's own handshake keeps the last client's parameters in fields shared by
 * all connections).
 *
 * <p>The answer always carries {@code server_no_context_takeover}, which RFC 7692 lets a server add
 * unasked; {@code client_no_context_takeover} is echoed when offered. An offer that limits the
 * server's window below 15 bits is declined: the JDK's deflater cannot honour it.
 */
final class BoundedDeflateHandshake implements ExtensionHandshake {

    private static final String NAME = "permessage-deflate";

    private final long maxMessageBytes;

    BoundedDeflateHandshake(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public WebSocketExtension accept(WebSocketExtension offer) {
        if (offer == null || !NAME.equals(offer.getName())) {
            return null;
        }
        WebSocketExtension answer = new WebSocketExtension(NAME);
        answer.getParameters().add(new WebSocketExtension.Parameter("server_no_context_takeover", null));
        for (WebSocketExtension.Parameter parameter : offer.getParameters()) {
            switch (parameter.getName()) {
                case "server_no_context_takeover":
                case "client_max_window_bits":
                    break;
                case "client_no_context_takeover":
                    answer.getParameters().add(parameter);
                    break;
                case "server_max_window_bits":
                    if (!"15".equals(parameter.getValue())) {
                        return null;
                    }
                    break;
                default:
                    return null;
            }
        }
        return answer;
    }

    @Override
    public boolean isIncompatible(List<ExtensionHandshake> extensions) {
        return extensions.stream().anyMatch(extension -> NAME.equals(extension.getName()));
    }

    @Override
    public ExtensionFunction create() {
        return new BoundedDeflate(maxMessageBytes);
    }
}
