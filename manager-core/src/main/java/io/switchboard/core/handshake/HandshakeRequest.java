package io.switchboard.core.handshake;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a WebSocket upgrade request that authentication and origin checks need, in a form
 * every transport can fill. Header names are case-insensitive. Immutable; safe to share.
 *
 * <p>{@link #toString()} names the path only: headers and cookies carry credentials and never
 * reach logs.
 */
public final class HandshakeRequest {

    private final String method;
    private final URI uri;
    private final Map<String, List<String>> headers;
    private final InetSocketAddress remoteAddress;

    private HandshakeRequest(String method, URI uri, Map<String, List<String>> headers,
            InetSocketAddress remoteAddress) {
        this.method = method;
        this.uri = uri;
        this.headers = headers;
        this.remoteAddress = remoteAddress;
    }

    /**
     * Captures a request whose HTTP method the transport cannot see (the Jakarta API hides it;
     * the container only hands over {@code GET} upgrades).
     *
     * @param uri the request URI (path and query; scheme and host as the transport knows them)
     * @param headers every header with all its values, names in any case
     * @param remoteAddress the peer's address, or null if unknown
     * @return the request
     */
    public static HandshakeRequest of(URI uri, Map<String, ? extends List<String>> headers,
            InetSocketAddress remoteAddress) {
        return create(null, uri, headers, remoteAddress);
    }

    /**
     * Captures a request.
     *
     * @param method the HTTP method, for example {@code "GET"}
     * @param uri the request URI (path and query; scheme and host as the transport knows them)
     * @param headers every header with all its values, names in any case
     * @param remoteAddress the peer's address, or null if unknown
     * @return the request
     */
    public static HandshakeRequest of(String method, URI uri,
            Map<String, ? extends List<String>> headers, InetSocketAddress remoteAddress) {
        return create(Objects.requireNonNull(method, "method"), uri, headers, remoteAddress);
    }

    private static HandshakeRequest create(String method, URI uri,
            Map<String, ? extends List<String>> headers, InetSocketAddress remoteAddress) {
        Objects.requireNonNull(uri, "uri");
        // One copy: names in lower case, each name's values immutable (merged when a transport
        // hands the same name in two cases); the map itself is only ever read.
        Map<String, List<String>> normalized = new HashMap<>();
        Objects.requireNonNull(headers, "headers").forEach((name, values) -> normalized.merge(
                name.toLowerCase(Locale.ROOT), List.copyOf(values), HandshakeRequest::joined));
        return new HandshakeRequest(method, uri, Collections.unmodifiableMap(normalized),
                remoteAddress);
    }

    private static List<String> joined(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first.size() + second.size());
        both.addAll(first);
        both.addAll(second);
        return List.copyOf(both);
    }

    /**
     * The HTTP method, where the transport can see it.
     *
     * @return the method, or empty
     */
    public Optional<String> method() {
        return Optional.ofNullable(method);
    }

    /**
     * The request URI.
     *
     * @return the URI
     */
    public URI uri() {
        return uri;
    }

    /**
     * The first value of a header.
     *
     * @param name the header name, in any case
     * @return the value, or empty
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * Every value of a header.
     *
     * @param name the header name, in any case
     * @return the values, empty if none
     */
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /**
     * The {@code Origin} header, which browsers always send with a WebSocket upgrade.
     *
     * @return the origin, or empty for a non-browser client
     */
    public Optional<String> origin() {
        return header("origin");
    }

    /**
     * A cookie from the {@code Cookie} headers.
     *
     * @param name the cookie name (case-sensitive)
     * @return the value, or empty
     */
    public Optional<String> cookie(String name) {
        for (String header : headers("cookie")) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    return Optional.of(pair.substring(eq + 1).trim());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The peer's address.
     *
     * @return the address, or empty if the transport does not know it
     */
    public Optional<InetSocketAddress> remoteAddress() {
        return Optional.ofNullable(remoteAddress);
    }

    @Override
    public String toString() {
        return "HandshakeRequest[" + uri.getRawPath() + "]";
    }
}
