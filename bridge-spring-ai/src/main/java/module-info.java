/** Switchboard's bridge from Spring AI streaming chat calls to a run's events. */
module io.switchboard.bridge.springai {
    requires transitive io.switchboard.core;
    requires transitive spring.ai.model;
    requires transitive reactor.core;
    requires org.reactivestreams;
    requires org.slf4j;

    exports io.switchboard.bridge.springai;
}
