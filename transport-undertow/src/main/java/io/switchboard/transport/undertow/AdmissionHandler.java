package io.switchboard.transport.undertow;

import io.switchboard.core.handshake.HandshakeRequest;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.handshake.UpgradeDecision;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every request to the WebSocket path before anything is upgraded, through
 * {@link TransportSettings#decide}: RFC 6455's rules (400, 405, 426; Undertow's own handshake
 * would serve versions 7 and 8), then the origin policy and the application's authenticator (401
 * or 403), each answered with a plain response; only a request decided for upgrade reaches
 * Undertow's handshake handler.
 * Requests to other paths go to {@code next}.
 *
 * <p>The authenticator may look something up, so it runs on an Undertow worker thread, never on
 * an I/O thread.
 */
final class AdmissionHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionHandler.class);

    private final TransportSettings settings;
    private final HttpHandler handshake;
    private final HttpHandler next;

    AdmissionHandler(TransportSettings settings, HttpHandler handshake, HttpHandler next) {
        this.settings = settings;
        this.handshake = handshake;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!settings.path().equals(exchange.getRequestPath())) {
            next.handleRequest(exchange);
            return;
        }
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        URI uri;
        try {
            uri = requestUri(exchange);
        } catch (URISyntaxException e) {
            refuse(exchange, 400, "malformed request URI");
            return;
        }
        HandshakeRequest request = HandshakeRequest.of(exchange.getRequestMethod().toString(),
                uri, headers(exchange), exchange.getSourceAddress());
        // Before Undertow's own handshake, which would also serve the older versions 7 and 8.
        UpgradeDecision decision = settings.decide(request);
        if (decision instanceof UpgradeDecision.Refuse refusal) {
            LOG.debug("upgrade {} refused with {}", request, refusal.httpStatus());
            refusal.headers().forEach((name, value) ->
                    exchange.getResponseHeaders().put(HttpString.tryFromString(name), value));
            refuse(exchange, refusal.httpStatus(), refusal.reason());
            return;
        }
        exchange.putAttachment(UpgradeCallback.ADMITTED, ((UpgradeDecision.Upgrade) decision).user());
        exchange.putAttachment(UpgradeCallback.EXCHANGE, exchange);
        handshake.handleRequest(exchange);
    }

    private static void refuse(HttpServerExchange exchange, int status, String reason) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        exchange.setPersistent(false);
        exchange.getResponseSender().send(reason);
    }

    private static URI requestUri(HttpServerExchange exchange) throws URISyntaxException {
        String query = exchange.getQueryString();
        return new URI(exchange.getRequestURL() + (query.isEmpty() ? "" : "?" + query));
    }

    private static Map<String, List<String>> headers(HttpServerExchange exchange) {
        Map<String, List<String>> headers = new HashMap<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            headers.put(values.getHeaderName().toString(), new ArrayList<>(values));
        }
        return headers;
    }
}
