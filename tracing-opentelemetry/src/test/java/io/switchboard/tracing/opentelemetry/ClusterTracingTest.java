package io.switchboard.tracing.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.event.AgentStarted;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.testing.FakeConnection;
import io.switchboard.scaling.redis.RedisCluster;
import io.switchboard.scaling.redis.RedisClusterConfig;
import io.switchboard.testing.RedisServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two managers on one real {@code redis-server}: the agent's span is current on instance A when it
 * emits; the client is connected to instance B. The trace must continue on B, through the frame
 * that crossed Redis, as the OpenTelemetry SDK's in-memory exporter records it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Trace context across the cluster hop")
class ClusterTracingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final UserId ALICE = UserId.of("alice");
    private static final ThreadId THREAD = ThreadId.of("t-1");

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
            .setTracerProvider(tracerProvider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private RedisServer redis;
    private WebSocketManager a;
    private WebSocketManager b;
    private FakeConnection tab;
    private int runs;

    @BeforeAll
    void redis() {
        redis = RedisServer.start();
    }

    @AfterAll
    void stopRedis() {
        redis.close();
        openTelemetry.close();
    }

    @AfterEach
    void closeManagers() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        spans.reset();
    }

    @Test
    @DisplayName("emit and deliver spans: the deliver span on B is a child of the emit span on A, in the agent's trace")
    void emitAndDeliverSpans() {
        start(SwitchboardTracing.builder(openTelemetry).emitSpans(true).deliverSpans(true).build());

        Span agent = emitStartedInsideAgentSpan();

        SpanData emit = awaitSpan("switchboard emit agent_started");
        SpanData deliver = awaitSpan("switchboard deliver");
        assertThat(emit.getKind()).isEqualTo(SpanKind.PRODUCER);
        assertThat(emit.getParentSpanId()).isEqualTo(agent.getSpanContext().getSpanId());
        assertThat(emit.getTraceId()).isEqualTo(agent.getSpanContext().getTraceId());
        assertThat(emit.getAttributes().asMap().toString()).contains("switchboard.run.id=r-" + runs,
                "switchboard.target=thread");
        assertThat(deliver.getKind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(deliver.getTraceId()).isEqualTo(agent.getSpanContext().getTraceId());
        assertThat(deliver.getParentSpanId()).isEqualTo(emit.getSpanId());
        assertThat(deliver.getParentSpanContext().isRemote()).isTrue();
    }

    @Test
    @DisplayName("deliver spans only: the agent's own span context travels and parents the deliver span")
    void deliverSpansOnly() {
        start(SwitchboardTracing.builder(openTelemetry).deliverSpans(true).build());

        Span agent = emitStartedInsideAgentSpan();

        SpanData deliver = awaitSpan("switchboard deliver");
        assertThat(deliver.getParentSpanId()).isEqualTo(agent.getSpanContext().getSpanId());
        assertThat(deliver.getTraceId()).isEqualTo(agent.getSpanContext().getTraceId());
        assertThat(spans.getFinishedSpanItems()).noneMatch(
                span -> span.getName().startsWith("switchboard emit"));
    }

    @Test
    @DisplayName("a direct send is traced as well, and no span is recorded when both are off")
    void directSendsAndSpansOff() {
        start(SwitchboardTracing.builder(openTelemetry).emitSpans(true).deliverSpans(true).build());
        Span agent = openTelemetry.getTracer("test").spanBuilder("notify").startSpan();
        try (Scope ignored = agent.makeCurrent()) {
            a.sendToUser(ALICE, new AgentStarted("notifier"));
        }
        agent.end();
        tab.await(frame -> "notifier".equals(frame.path("payload").path("agent_name").asText()),
                WAIT);
        assertThat(awaitSpan("switchboard deliver").getTraceId())
                .isEqualTo(agent.getSpanContext().getTraceId());
        closeManagers();

        start(SwitchboardTracing.builder(openTelemetry).build());
        emitStartedInsideAgentSpan();
        assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
                .containsExactly("agent run");
    }

    private void start(SwitchboardTracing tracing) {
        a = manager(tracing);
        b = manager(tracing);
        tab = FakeConnection.answeringPings(b);
        b.connect(ALICE, tab);
        b.subscribe(tab.id(), THREAD);
        tab.awaitType("subscribed", WAIT);
        awaitClusterUsers(a);
    }

    private WebSocketManager manager(SwitchboardTracing tracing) {
        RedisCluster cluster = RedisCluster.create(RedisClusterConfig.builder()
                .redisUri(redis.uri()).build());
        return WebSocketManager.builder().cluster(cluster).tracing(tracing).build();
    }

    // The agent's span is current while it emits on A; the event must reach the tab on B.
    private Span emitStartedInsideAgentSpan() {
        String run = "r-" + (++runs);
        AgentEmitter emitter = a.emitter(ALICE, THREAD, RunId.of(run));
        Span agent = openTelemetry.getTracer("test").spanBuilder("agent run").startSpan();
        try (Scope ignored = agent.makeCurrent()) {
            emitter.started("researcher");
        }
        agent.end();
        tab.await(frame -> run.equals(frame.path("run_id").asText())
                && "agent_started".equals(frame.path("type").asText()), WAIT);
        return agent;
    }

    private SpanData awaitSpan(String name) {
        return org.awaitility.Awaitility.await("a span " + name).atMost(WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> spans.getFinishedSpanItems().stream().filter(span -> span.getName().equals(name))
                        .findFirst(), found -> found.isPresent())
                .orElseThrow();
    }

    private static void awaitClusterUsers(WebSocketManager manager) {
        org.awaitility.Awaitility.await("instance A seeing alice's connection on B").atMost(WAIT)
                .pollInterval(Duration.ofMillis(10))
                .until(() -> manager.stats().cluster().map(cluster -> cluster.users()).orElse(0L) >= 1);
    }
}
