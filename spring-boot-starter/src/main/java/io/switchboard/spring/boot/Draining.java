package io.switchboard.spring.boot;

/**
 * Whether the application has begun its graceful drain: from then on new connections are refused
 * (503 before the upgrade on the embedded server, 1012 right after it on standalone servers), and
 * health reports OUT_OF_SERVICE. Set once, never cleared. Thread-safe.
 */
final class Draining {

    private volatile boolean started;

    void start() {
        started = true;
    }

    boolean started() {
        return started;
    }
}
