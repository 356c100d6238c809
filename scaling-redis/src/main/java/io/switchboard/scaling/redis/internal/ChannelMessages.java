package io.switchboard.scaling.redis.internal;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.switchboard.core.cluster.Target;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RoomName;
import io.switchboard.core.spi.TextFrame;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives on this instance's channels. Messages are {@code kind|...}; the frame, which may
 * contain {@code |}, always comes last:
 * <ul>
 *   <li>{@code R|room|frame}, {@code C|connection|frame}: frames for this instance's members of a
 *       room, or for one of its connections;</li>
 *   <li>{@code A|sender|frame}, {@code r|sender|room|frame} (broadcast channel): a broadcast, and a
 *       room frame sent before its sender knew the room's instances; the sender ignores its own;</li>
 *   <li>{@code E|connection}: another instance's admission evicted one of this instance's
 *       connections;</li>
 *   <li>{@code +|instance|room}, {@code -|instance|room}, {@code J|instance|},
 *       {@code X|instance|} (rooms channel): room routes and instances joining or leaving.</li>
 * </ul>
 * Lettuce calls {@link #message} on its event loop; every message is handed to {@code inOrder},
 * which runs them one at a time, in arrival order, on the port's events thread.
 */
final class ChannelMessages extends RedisPubSubAdapter<String, String> {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelMessages.class);

    private final String self;
    private final RoomRoutes rooms;
    private final Membership membership;
    private final BiConsumer<Target, TextFrame> deliver;
    private final Consumer<ConnectionId> evict;
    private final Consumer<Runnable> inOrder;

    ChannelMessages(String self, RoomRoutes rooms, Membership membership,
            BiConsumer<Target, TextFrame> deliver, Consumer<ConnectionId> evict,
            Consumer<Runnable> inOrder) {
        this.self = self;
        this.rooms = rooms;
        this.membership = membership;
        this.deliver = deliver;
        this.evict = evict;
        this.inOrder = inOrder;
    }

    @Override
    public void message(String channel, String message) {
        inOrder.accept(() -> handle(message));
    }

    private void handle(String message) {
        if (message.length() < 2) {
            return;
        }
        char kind = message.charAt(0);
        String body = message.substring(2);
        int bar = body.indexOf('|');
        switch (kind) {
            case 'R' -> deliver.accept(new Target.Room(RoomName.of(body.substring(0, bar))),
                    FrameWire.read(body.substring(bar + 1)));
            case 'C' -> deliver.accept(
                    new Target.Connection(ConnectionId.of(body.substring(0, bar))),
                    FrameWire.read(body.substring(bar + 1)));
            case 'E' -> evict.accept(ConnectionId.of(body));
            case 'A' -> {
                if (!body.substring(0, bar).equals(self)) {
                    deliver.accept(new Target.All(), FrameWire.read(body.substring(bar + 1)));
                }
            }
            case 'r' -> {
                String rest = body.substring(bar + 1);
                int second = rest.indexOf('|');
                if (!body.substring(0, bar).equals(self)) {
                    deliver.accept(new Target.Room(RoomName.of(rest.substring(0, second))),
                            FrameWire.read(rest.substring(second + 1)));
                }
            }
            case '+', '-' -> rooms.apply(kind, body.substring(0, bar), body.substring(bar + 1));
            case 'X' -> {
                rooms.apply(kind, body.substring(0, bar), "");
                membership.announced(body.substring(0, bar), false);
            }
            case 'J' -> membership.announced(body.substring(0, bar), true);
            default -> LOG.debug("unknown cluster message kind {}", kind);
        }
    }
}
