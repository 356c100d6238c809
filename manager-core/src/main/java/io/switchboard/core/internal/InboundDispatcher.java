package io.switchboard.core.internal;

import io.switchboard.core.internal.wire.ClientFrame;
import io.switchboard.core.internal.wire.ErrorCodes;
import io.switchboard.core.internal.wire.FrameRejected;
import io.switchboard.core.internal.wire.WireCodec;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.spi.InboundMessage;
import io.switchboard.core.spi.InboundMessageHandler;
import io.switchboard.core.spi.InboundRejection;
import io.switchboard.core.spi.TextFrame;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client's text frame into an action on its own session, or into an {@code error} frame
 * back to it. Nothing a frame says can reach another session: the session, and so the user, comes
 * from the transport, never from the frame.
 */
final class InboundDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(InboundDispatcher.class);

    private final WireCodec codec;
    private final StatsRecorder stats;
    private final InboundMessageHandler handler;
    private final int maxChars;
    private final StreamDelivery delivery;
    private final BiConsumer<Session, TextFrame> reply;
    private final ClientControl control;

    InboundDispatcher(WireCodec codec, StatsRecorder stats, InboundMessageHandler handler,
            int maxChars, StreamDelivery delivery, BiConsumer<Session, TextFrame> reply,
            ClientControl control) {
        this.codec = codec;
        this.stats = stats;
        this.handler = handler;
        this.maxChars = maxChars;
        this.delivery = delivery;
        this.reply = reply;
        this.control = control;
    }

    void dispatch(Session session, String text) {
        if (text.length() > maxChars) {
            refuse(session, ErrorCodes.TOO_LARGE, "frame longer than " + maxChars + " characters");
            return;
        }
        ClientFrame frame;
        try {
            frame = codec.decode(text);
        } catch (FrameRejected e) {
            refuse(session, e.code(), e.getMessage());
            return;
        }
        if (frame instanceof ClientFrame.Subscribe subscribe) {
            delivery.subscribe(session, subscribe.thread(), subscribe.from().map(position ->
                    new StreamCursor(StreamId.ofThread(session.user(), subscribe.thread()),
                            position.epoch(), position.seq())));
        } else if (frame instanceof ClientFrame.Unsubscribe unsubscribe) {
            delivery.unsubscribe(session, unsubscribe.thread());
        } else if (frame instanceof ClientFrame.Resume resume) {
            resume.cursors().forEach(cursor -> delivery.resume(session, cursor));
        } else if (frame instanceof ClientFrame.Ack ack) {
            if (!delivery.ack(session, ack.stream(), ack.seq())) {
                refuse(session, ErrorCodes.INVALID_FRAME, "unknown stream");
                return;
            }
        } else if (frame instanceof ClientFrame.Ping) {
            reply.accept(session, codec.pong());
        } else if (frame instanceof ClientFrame.Message message) {
            deliver(session, message);
            return;
        } else if (frame instanceof ClientFrame.Cancel cancel) {
            if (refused(session, control.cancel(session, cancel.run()), "cannot cancel this run")) {
                return;
            }
        } else if (frame instanceof ClientFrame.Approval approval) {
            if (refused(session, control.approval(session, approval),
                    "cannot decide this request")) {
                return;
            }
        }
        stats.inboundMessage();
    }

    void refuseBinary(Session session) {
        refuse(session, ErrorCodes.UNSUPPORTED, "binary frames are not supported");
    }

    private void deliver(Session session, ClientFrame.Message message) {
        if (handler == null) {
            refuse(session, ErrorCodes.UNSUPPORTED, "this server accepts no application messages");
            return;
        }
        try {
            handler.onMessage(new InboundMessage(
                    session.user(), session.id(), message.thread(), message.payloadJson()));
            stats.inboundMessage();
        } catch (InboundRejection rejection) {
            refuse(session, rejection.code(), rejection.getMessage());
        } catch (RuntimeException e) {
            // The payload stays out of the log; the connection id lets an operator correlate.
            LOG.warn("inbound handler failed for connection {}", session.id(), e);
            refuse(session, ErrorCodes.HANDLER_FAILED, "the server could not handle the message");
        }
    }

    private boolean refused(Session session, String code, String message) {
        if (code == null) {
            return false;
        }
        refuse(session, code, message);
        return true;
    }

    private void refuse(Session session, String code, String message) {
        stats.inboundError(code);
        reply.accept(session, codec.error(code, message));
    }
}
