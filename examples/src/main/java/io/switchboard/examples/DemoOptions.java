package io.switchboard.examples;

import java.util.Locale;

/**
 * The demo's command line: {@code --port=8080 --transport=undertow|netty|jakarta --host=localhost}.
 * The page is served on {@code port}, the WebSocket on {@code port + 1}.
 *
 * @param host the host name to bind and to print
 * @param port the page's port; 0 picks free ports (for tests)
 * @param transport which adapter serves the WebSocket
 */
public record DemoOptions(String host, int port, Transport transport) {

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
                default:
                    throw new IllegalArgumentException("unknown option '" + arg
                            + "'; use --port=8080 --transport=undertow|netty|jakarta --host=localhost");
            }
        }
        return new DemoOptions(host, port, transport);
    }
}
