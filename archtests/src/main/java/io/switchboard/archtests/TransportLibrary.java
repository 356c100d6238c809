package io.switchboard.archtests;

import java.util.List;

/**
 * The transport and network libraries Switchboard adapts, each with the one adapter that may use
 * it. Core may use none of them.
 */
enum TransportLibrary {

    /** Undertow and the XNIO I/O layer it exposes in its API. */
    UNDERTOW("Undertow", "transport.undertow", "io.undertow..", "org.xnio.."),

    /** Netty (all of {@code io.netty}, which Netty's codecs and transports share). */
    NETTY("Netty", "transport.netty", "io.netty.."),

    /** The Jakarta WebSocket API and its pre-Jakarta {@code javax} name. */
    JAKARTA_WEBSOCKET("Jakarta WebSocket", "transport.jakarta", "jakarta.websocket..",
            "javax.websocket.."),

    /** The Lettuce Redis client. */
    LETTUCE("Lettuce", "scaling.redis", "io.lettuce..");

    private final String displayName;
    private final String adapter;
    private final List<String> packages;

    TransportLibrary(String displayName, String adapter, String... packages) {
        this.displayName = displayName;
        this.adapter = adapter;
        this.packages = List.of(packages);
    }

    /** A human name for messages, e.g. {@code Netty}. */
    String displayName() {
        return displayName;
    }

    /** The adapter that may use this library, relative to the layout's root. */
    String adapter() {
        return adapter;
    }

    /** The library's packages as ArchUnit package patterns. */
    String[] packages() {
        return packages.toArray(String[]::new);
    }

    /** The packages of every library, as ArchUnit package patterns. */
    static String[] allPackages() {
        return List.of(values()).stream()
                .flatMap(library -> library.packages.stream())
                .toArray(String[]::new);
    }
}
