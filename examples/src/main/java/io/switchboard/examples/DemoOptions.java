package io.switchboard.examples;

import java.util.Locale;
import java.util.Optional;

/**
 * The demo's command line: {@code --port=8080 --transport=undertow|netty|jakarta --host=localhost
 * --max-tabs-per-user=5 --max-connections=1000 --redis=redis://127.0.0.1:6379
 * --session-secret=... --agent=simulated|langchain4j --metrics}. The page is served on
 * {@code port}, the WebSocket on {@code port + 1}.
 *
 * <p>The demo's limits are not the library's defaults (3 per user, 100 in all): a person trying
 * the demo opens more tabs than 3, and the demo says so when it starts and on its dashboard.
 *
 * @param host the host name to bind and to print
 * @param port the page's port; 0 picks free ports (for tests)
 * @param transport which adapter serves the WebSocket
 * @param maxTabsPerUser connections per user; a tab beyond it evicts the user's oldest (4001)
 * @param maxConnections connections in all; one beyond it is refused (1013)
 * @param redisUri a Redis to share users, threads and replay with other demo instances; empty for
 *     the in-memory default
 * @param sessionSecret the key that signs session cookies; instances that share users share it;
 *     empty for a random key
 * @param agent what answers: the simulated agent, or the same script through LangChain4j
 * @param metrics whether Prometheus metrics are served on the page's port at {@code /metrics}
 */
public record DemoOptions(String host, int port, Transport transport, int maxTabsPerUser,
        int maxConnections, Optional<String> redisUri, Optional<String> sessionSecret,
        Agent agent, boolean metrics) {

    /** The demo's tabs per user unless told otherwise. */
    public static final int DEFAULT_TABS_PER_USER = 5;
    /** The demo's connections in all unless told otherwise. */
    public static final int DEFAULT_CONNECTIONS = 1000;

    private static final String USAGE = "use --port=8080 --transport=undertow|netty|jakarta "
            + "--host=localhost --max-tabs-per-user=5 --max-connections=1000 "
            + "--redis=redis://127.0.0.1:6379 --session-secret=... --agent=simulated|langchain4j "
            + "--metrics";

    /**
     * Options for one in-memory instance with the demo's limits.
     *
     * @param host the host name
     * @param port the page's port
     * @param transport the transport
     */
    public DemoOptions(String host, int port, Transport transport) {
        this(host, port, transport, Optional.empty(), Optional.empty());
    }

    /**
     * Options with the demo's limits.
     *
     * @param host the host name
     * @param port the page's port
     * @param transport the transport
     * @param redisUri a Redis shared with other instances, or empty
     * @param sessionSecret the cookie key shared with other instances, or empty
     */
    public DemoOptions(String host, int port, Transport transport, Optional<String> redisUri,
            Optional<String> sessionSecret) {
        this(host, port, transport, DEFAULT_TABS_PER_USER, DEFAULT_CONNECTIONS, redisUri, sessionSecret,
                Agent.SIMULATED, false);
    }

    /** What answers the user's questions. */
    public enum Agent {
        /** The simulated agent, driving the emitter step by step (the default). */
        SIMULATED,
        /** The same script played by a scripted LangChain4j model, through the LangChain4j bridge. */
        LANGCHAIN4J
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
     * The same options with other limits.
     *
     * @param tabsPerUser connections per user
     * @param connections connections in all
     * @return the options
     */
    public DemoOptions withLimits(int tabsPerUser, int connections) {
        return new DemoOptions(host, port, transport, tabsPerUser, connections, redisUri, sessionSecret,
                agent, metrics);
    }

    /**
     * The same options with another agent and metrics switch.
     *
     * @param otherAgent what answers
     * @param withMetrics whether {@code /metrics} is served
     * @return the options
     */
    public DemoOptions with(Agent otherAgent, boolean withMetrics) {
        return new DemoOptions(host, port, transport, maxTabsPerUser, maxConnections, redisUri,
                sessionSecret, otherAgent, withMetrics);
    }

    /**
     * Parses the arguments; unknown ones and bad values fail with a message naming them.
     *
     * @param args the command line
     * @return the options
     */
    public static DemoOptions parse(String... args) {
        String host = "localhost";
        int port = 8080;
        Transport transport = Transport.UNDERTOW;
        int tabs = DEFAULT_TABS_PER_USER;
        int connections = DEFAULT_CONNECTIONS;
        Optional<String> redis = Optional.empty();
        Optional<String> secret = Optional.empty();
        Agent agent = Agent.SIMULATED;
        boolean metrics = false;
        for (String arg : args) {
            String[] pair = arg.split("=", 2);
            String value = pair.length == 2 ? pair[1] : "";
            switch (pair[0]) {
                case "--host":
                    host = value;
                    break;
                case "--port":
                    port = number(arg, value, 1, 65534);
                    break;
                case "--transport":
                    transport = transport(arg, value);
                    break;
                case "--max-tabs-per-user":
                    tabs = number(arg, value, 1, 10_000);
                    break;
                case "--max-connections":
                    connections = number(arg, value, 1, 1_000_000);
                    break;
                case "--redis":
                    redis = Optional.of(value);
                    break;
                case "--session-secret":
                    secret = Optional.of(value);
                    break;
                case "--agent":
                    agent = agent(arg, value);
                    break;
                case "--metrics":
                    metrics = true;
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + arg + "'; " + USAGE);
            }
        }
        return new DemoOptions(host, port, transport, tabs, connections, redis, secret, agent,
                metrics);
    }

    private static Agent agent(String arg, String value) {
        try {
            return Agent.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + arg + "': the agent is simulated or langchain4j");
        }
    }

    private static int number(String arg, String value, int min, int max) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Answered below, naming the option.
        }
        throw new IllegalArgumentException("'" + arg + "' needs a number from " + min + " to " + max);
    }

    private static Transport transport(String arg, String value) {
        try {
            return Transport.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + arg + "': the transport is undertow, netty or jakarta");
        }
    }
}
