package io.switchboard.benchmarks.load;

/** The servers the harness compares, each run in a JVM of its own. */
public enum ServerKind {
    /** The baseline: a WebSocket server written on Netty directly. */
    RAW_NETTY("raw-netty", "raw Netty"),
    /** Switchboard on its Netty adapter. */
    NETTY("netty", "Switchboard Netty"),
    /** Switchboard on its Undertow adapter. */
    UNDERTOW("undertow", "Switchboard Undertow"),
    /** Switchboard's Jakarta adapter on Tyrus standalone. */
    JAKARTA("jakarta", "Switchboard Jakarta"),
    /** The floor for the Jakarta adapter: a plain Jakarta endpoint on the same Tyrus. */
    RAW_TYRUS("raw-tyrus", "raw Tyrus"),
    /** The floor for the Undertow adapter: a plain endpoint on Undertow's own WebSocket API. */
    RAW_UNDERTOW("raw-undertow", "raw Undertow");

    private final String argument;
    private final String label;

    ServerKind(String argument, String label) {
        this.argument = argument;
        this.label = label;
    }

    /**
     * The name the server process is started with, and the one {@code --servers} takes.
     *
     * @return for example {@code raw-netty}
     */
    public String argument() {
        return argument;
    }

    /**
     * The column heading in the report.
     *
     * @return for example {@code raw Netty}
     */
    public String label() {
        return label;
    }

    static ServerKind of(String argument) {
        for (ServerKind kind : values()) {
            if (kind.argument.equals(argument)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown server '" + argument + "'");
    }
}
