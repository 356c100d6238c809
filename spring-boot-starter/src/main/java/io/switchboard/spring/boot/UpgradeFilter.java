package io.switchboard.spring.boot;

import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.HandshakeRequest;
import io.switchboard.core.handshake.OriginPolicy;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides WebSocket upgrades on the embedded server before the container performs them, with
 * proper HTTP statuses (which the Jakarta API cannot set): 503 while draining, 403 for an origin
 * not allowed, 401 or 403 as the {@link SwitchboardAuthenticator} answers. It runs after the
 * application's security filters, so the authenticator sees the request's principal. An accepted
 * decision travels to the container's handshake through {@link PendingAuthentication}.
 *
 * <p>Thread-safe; stateless but for its collaborators.
 */
final class UpgradeFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeFilter.class);

    private final SwitchboardAuthenticator authenticator;
    private final OriginPolicy origins;
    private final PendingAuthentication pending;
    private final Draining draining;

    UpgradeFilter(SwitchboardAuthenticator authenticator, OriginPolicy origins,
            PendingAuthentication pending, Draining draining) {
        this.authenticator = authenticator;
        this.origins = origins;
        this.pending = pending;
        this.draining = draining;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse,
            FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if (!isUpgrade(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (draining.started()) {
            response.setHeader("Retry-After", "1");
            refuse(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "draining");
            return;
        }
        HandshakeRequest handshake = handshake(request);
        if (!origins.allows(handshake.origin())) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "origin not allowed");
            return;
        }
        AuthenticationResult result = authenticate(handshake,
                Optional.ofNullable(request.getUserPrincipal()));
        if (result instanceof AuthenticationResult.Rejected rejected) {
            refuse(response, rejected.httpStatus(), rejected.reason());
            return;
        }
        pending.set(result);
        try {
            chain.doFilter(request, response);
        } finally {
            pending.clear();
        }
    }

    // The status itself, not sendError: an error dispatch would run the application's error
    // handling, which security rules often protect (turning a 503 into a 401).
    private static void refuse(HttpServletResponse response, int status, String reason)
            throws IOException {
        byte[] body = reason.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private AuthenticationResult authenticate(HandshakeRequest handshake,
            Optional<Principal> principal) {
        try {
            AuthenticationResult result = authenticator.authenticate(handshake, principal);
            return result != null ? result : AuthenticationResult.unauthorized("not authenticated");
        } catch (RuntimeException e) {
            LOG.warn("authenticator failed for {}; refusing with 401: {}", handshake,
                    e.getClass().getName());
            return AuthenticationResult.unauthorized("not authenticated");
        }
    }

    private static boolean isUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return "GET".equals(request.getMethod()) && upgrade != null
                && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    private static HandshakeRequest handshake(HttpServletRequest request) {
        StringBuffer url = request.getRequestURL();
        if (request.getQueryString() != null) {
            url.append('?').append(request.getQueryString());
        }
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return HandshakeRequest.of(URI.create(url.toString()), headers,
                new InetSocketAddress(request.getRemoteAddr(), request.getRemotePort()));
    }
}
