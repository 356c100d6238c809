package io.switchboard.core.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The WebSocket subprotocols Switchboard speaks, and the one rule every transport uses to pick
 * one: protocol v1 needs none; a client that offers {@value #AG_UI} gets the AG-UI wire profile.
 * A transport echoes the selected subprotocol in its 101 answer and reports it through
 * {@code Connection.subprotocol()}; when nothing is selected it sends no
 * {@code Sec-WebSocket-Protocol} header and the connection speaks protocol v1.
 *
 * <p>Stateless; thread-safe.
 */
public final class Subprotocols {

    /** The AG-UI wire profile (docs/protocol.md). */
    public static final String AG_UI = "ag-ui";

    private static final List<String> SUPPORTED = List.of(AG_UI);

    private Subprotocols() {
    }

    /**
     * The subprotocols this server can select, in order of preference.
     *
     * @return {@code ["ag-ui"]}
     */
    public static List<String> supported() {
        return SUPPORTED;
    }

    /**
     * The subprotocols a client offered, from every {@code Sec-WebSocket-Protocol} header, in
     * order (tokens are compared as RFC 6455 says: exactly, so case matters).
     *
     * @param request the upgrade request
     * @return the offered tokens, empty if none
     */
    public static List<String> offered(HandshakeRequest request) {
        List<String> offered = new ArrayList<>();
        for (String header : request.headers("Sec-WebSocket-Protocol")) {
            for (String token : header.split(",")) {
                String trimmed = token.trim();
                if (!trimmed.isEmpty()) {
                    offered.add(trimmed);
                }
            }
        }
        return offered;
    }

    /**
     * The subprotocol to select for a request.
     *
     * @param request the upgrade request
     * @return {@value #AG_UI} if the client offered it, otherwise empty
     */
    public static Optional<String> select(HandshakeRequest request) {
        return select(offered(request));
    }

    /**
     * The subprotocol to select from the tokens a client offered.
     *
     * @param offered the offered tokens
     * @return {@value #AG_UI} if offered, otherwise empty
     */
    public static Optional<String> select(List<String> offered) {
        return SUPPORTED.stream().filter(offered::contains).findFirst();
    }
}
