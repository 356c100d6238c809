package io.switchboard.examples;

import java.util.Locale;
import java.util.Optional;

/**
 * The demo's command line: {@code --port=8080 --transport=undertow|netty|jakarta --host=localhost
 * --redis=redis://127.0.0.1:6379 --session-secret=...}. The page is served on {@code port}, the
 * WebSocket on {@code port + 1}.
 *
 * @param host the host name to bind and to print
 * @param port the page's port; 0 picks free ports (for tests)
 * @param transport which adapter serves the WebSocket
 * @param redisUri a Redis to share users, threads and replay with other demo instances; empty for
 *     the in-memory default
 * @param sessionSecret the key that signs session cookies; instances that share users share it;
 *     empty for a random key
 */
public record DemoOptions(String host, int port, Transport transport, Optional<String> redisUri,
        Optional<String> sessionSecret) {

    /**
     * Options for one in-memory instance.
     *
     * @param host the host name
     * @param port the page's port
     * @param transport the transport
     */
    public DemoOptions(String host, int port, Transport transport) {
        this(host, port, transport, Optional.empty(), Optional.empty());
    }

    /** The transports the demo can run on. */
    public enum Transport {
        /** Undertow's native WebSocket API (the default). */
        UNDERTOW,
        /** Netty (netty-codec-http). */
        NETTY,
        /** The Jakarta WebSocket adapter on Tyrus standalone. */
        JAKARTA
    }

    /**
     * Parses the arguments; unknown ones fail with a message naming them.
     *
     * @param args the command line
     * @return the options
     */
    public static DemoOptions parse(String... args) {
        String host = "localhost";
        int port = 8080;
        Transport transport = Transport.UNDERTOW;
        Optional<String> redis = Optional.empty();
        Optional<String> secret = Optional.empty();
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            String value = pair.length == 2 ? pair[1] : "";
            switch (pair[0]) {
                case "--host":
                    host = value;
                    break;
                case "--port":
                    port = Integer.parseInt(value);
                    break;
                case "--transport":
                    transport = Transport.valueOf(value.toUpperCase(Locale.ROOT));
                    break;
                case "--redis":
                    redis = Optional.of(value);
                    break;
                case "--session-secret":
                    secret = Optional.of(value);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + arg
                            + "'; use --port=8080 --transport=undertow|netty|jakarta --host=localhost");
            }
        }
        return new DemoOptions(host, port, transport, redis, secret);
    }
}
