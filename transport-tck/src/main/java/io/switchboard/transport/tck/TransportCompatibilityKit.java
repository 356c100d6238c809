package io.switchboard.transport.tck;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The compatibility kit: every transport adapter extends this class in a small test and must pass
 * every case, over real sockets with a real client (the JDK's {@code java.net.http.WebSocket},
 * and a raw socket for misbehaving peers). The cases are grouped in {@code @Nested} classes with
 * sentence names; each case deploys its own manager and server and releases both afterwards.
 *
 * <p>A subclass provides one hook, {@link #start}: run its server around the given manager and
 * settings on a free loopback port.
 *
 * <pre>{@code
 * class UndertowCompatibilityTest extends TransportCompatibilityKit {
 *     protected RunningServer start(WebSocketManager manager, TransportSettings settings) {
 *         Undertow server = SwitchboardUndertow.start(manager, settings, new InetSocketAddress("127.0.0.1", 0));
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>What every transport must do to pass is listed in the module's README: authenticate and check
 * the origin before the upgrade (HTTP 401/403), enforce {@code maxMessageBytes} with close 1009,
 * close idle connections with 1001 {@code "idle timeout"}, drop clients that do not finish the
 * handshake in time, report every frame, ping, pong and close to the manager, and report a
 * client's ping to the manager before answering it.
 *
 * <p>Cases run one at a time on JUnit's thread; each deploys its own manager and server, so a subclass's
 * {@code start} may be called many times, never concurrently.
 */
public abstract class TransportCompatibilityKit {

    /**
     * Starts the transport's server on 127.0.0.1 and a free port.
     *
     * @param manager the manager the transport must feed
     * @param settings the settings the transport must enforce
     * @return the running server
     * @throws Exception if the server cannot start
     */
    protected abstract RunningServer start(WebSocketManager manager, TransportSettings settings)
            throws Exception;

    /**
     * Whether the transport can report a client's ping frames to the manager. The Jakarta
     * WebSocket API cannot: containers answer pings themselves and never show them to the
     * application. A transport that says {@code false} must document it; the kit then checks the
     * documented alternative instead (an application-level {@code ping} frame counts as activity
     * and keeps the connection alive), so the case still asserts what the transport does.
     *
     * @return {@code true} unless the transport's API hides received pings
     */
    protected boolean seesClientPings() {
        return true;
    }

    @Nested
    @DisplayName("Handshake authentication")
    class Authentication extends AuthenticationCases {
        Authentication() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("Origin allow-list")
    class Origins extends OriginCases {
        Origins() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("Welcome frame and routing")
    class Routing extends RoutingCases {
        Routing() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("Cross-user isolation")
    class Isolation extends IsolationCases {
        Isolation() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("Connection limits")
    class Limits extends LimitCases {
        Limits() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("Inbound frames")
    class Inbound extends InboundCases {
        Inbound() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("Idle and handshake timeouts")
    class Timeouts extends TimeoutCases {
        Timeouts() {
            super(TransportCompatibilityKit.this::start, seesClientPings());
        }
    }

    @Nested
    @DisplayName("Slow clients")
    class Backpressure extends BackpressureCases {
        Backpressure() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("Closing and shutdown")
    class Lifecycle extends LifecycleCases {
        Lifecycle() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("Ping and pong")
    class PingPong extends PingPongCases {
        PingPong() {
            super(TransportCompatibilityKit.this::start, seesClientPings());
        }
    }

    @Nested
    @DisplayName("Heartbeat")
    class Heartbeat extends HeartbeatCases {
        Heartbeat() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("RFC 6455 framing")
    class Protocol extends ProtocolCases {
        Protocol() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("RFC 6455 handshake")
    class Handshake extends HandshakeCases {
        Handshake() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("Inbound rate limit")
    class RateLimit extends RateLimitCases {
        RateLimit() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("Autobahn|Testsuite (tag autobahn: -Pautobahn only)")
    class Autobahn extends AutobahnCases {
        Autobahn() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("Resume after a reconnect")
    class Resume extends ResumeCases {
        Resume() {
            super(TransportCompatibilityKit.this::start);
        }
    }

    @Nested
    @DisplayName("The AG-UI wire profile")
    class AgUi extends SubprotocolCases {
        AgUi() {
            super(TransportCompatibilityKit.this::start);
        }
    }
}
