package io.switchboard.scaling.redis.internal;

import io.switchboard.core.spi.TextFrame;

/**
 * Passes the routing the append script did from the log to the port. The manager appends an event
 * and then, on the same thread and with the same frame, asks the port to forward it; the script
 * already wrote the frame to the inboxes of the instances that hold the user, so forwarding only
 * reports how many. The frame's identity ties the two calls together.
 */
final class Handoff {

    private record Routed(TextFrame frame, int instances) {
    }

    private final ThreadLocal<Routed> last = new ThreadLocal<>();

    /** Records that {@code frame} was just stored and routed to {@code instances} instances. */
    void routed(TextFrame frame, int instances) {
        last.set(new Routed(frame, instances));
    }

    /**
     * Takes the routing of {@code frame}, if this thread stored exactly that frame last.
     *
     * @return the number of instances, or -1 if the frame was not routed by the log
     */
    int take(TextFrame frame) {
        Routed routed = last.get();
        if (routed == null || routed.frame() != frame) {
            return -1;
        }
        last.remove();
        return routed.instances();
    }
}
