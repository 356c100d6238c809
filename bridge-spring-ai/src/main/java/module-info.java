/** Switchboard's bridge from Spring AI streaming chat calls to a run's events. */
module io.switchboard.bridge.springai {
    requires io.switchboard.core;
    requires spring.ai.model;
    requires reactor.core;
    requires org.reactivestreams;
    requires org.slf4j;

    exports io.switchboard.bridge.springai;
}
