package io.switchboard.core.internal;

import io.switchboard.core.SendOutcome;
import io.switchboard.core.control.ApprovalDecision;
import io.switchboard.core.control.CancelRequest;
import io.switchboard.core.control.RunControl;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.ApprovalDecided;
import io.switchboard.core.event.CancelRequested;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.internal.wire.ClientFrame;
import io.switchboard.core.internal.wire.Envelope;
import io.switchboard.core.internal.wire.ErrorCodes;
import io.switchboard.core.internal.wire.WireCodec;
import io.switchboard.core.spi.TextFrame;
import java.time.Clock;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authorizes a client's {@code cancel} and {@code approval} frames against the run's owner and
 * hands them on: to the run's control state (the emitter sees it), to the user's tabs as
 * {@code cancel_requested} / {@code approval_decided} in the run's thread stream, and to the
 * application's {@link RunControl}. Another user's run or request is answered exactly like an
 * unknown one. Thread-safe.
 */
final class ClientControl {

    /** Sends a run event to its thread's stream, as the manager does for every run event. */
    @FunctionalInterface
    interface RunEvents {
        SendOutcome send(UserId user, ThreadId thread, RunId run, AgentEvent event);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClientControl.class);

    private final RunControls controls;
    private final RunRegistry runs;
    private final RunEvents events;
    private final BiConsumer<Session, TextFrame> reply;
    private final WireCodec codec;
    private final Clock clock;
    private final RunControl handler;

    ClientControl(RunControls controls, RunRegistry runs, RunEvents events,
            BiConsumer<Session, TextFrame> reply, WireCodec codec, Clock clock, RunControl handler) {
        this.controls = controls;
        this.runs = runs;
        this.events = events;
        this.reply = reply;
        this.codec = codec;
        this.clock = clock;
        this.handler = handler;
    }

    /** @return the error code to refuse the frame with, or null if it was accepted */
    String cancel(Session session, RunId run) {
        RunControlState state = runs.control(run);
        // Unknown and foreign runs alike.
        if (state == null || !state.user().equals(session.user())) {
            return ErrorCodes.UNKNOWN_RUN;
        }
        if (state.ended()) {
            return ErrorCodes.RUN_ENDED;
        }
        CancelRequest request = new CancelRequest(run, state.user(), state.thread(), session.id());
        CancelRequested event = new CancelRequested(run.value());
        if (!state.claim(request)) {
            // Asked before: the tabs know; this connection gets its answer and nothing else happens.
            reply.accept(session, unnumbered(event, state));
            return null;
        }
        // The tabs first, so that what the runtime does about it follows in the stream.
        tellTabs(session, state, event);
        state.release(request);
        if (handler != null) {
            try {
                handler.onCancel(request);
            } catch (RuntimeException e) {
                LOG.warn("run control handler failed on the cancel of run {}", run, e);
            }
        }
        return null;
    }

    /** @return the error code to refuse the frame with, or null if it was accepted */
    String approval(Session session, ClientFrame.Approval frame) {
        RunControlState state = controls.findRequest(session.user(), frame.requestId());
        if (state == null || !state.user().equals(session.user())) {
            return ErrorCodes.UNKNOWN_REQUEST;
        }
        if (state.ended()) {
            return ErrorCodes.RUN_ENDED;
        }
        ApprovalDecision decision = new ApprovalDecision(frame.requestId(), frame.decision(),
                frame.comment(), state.run(), state.user(), state.thread(), session.id());
        switch (state.claim(decision)) {
            case UNKNOWN:
                return ErrorCodes.UNKNOWN_REQUEST;
            case ALREADY_DECIDED:
                return ErrorCodes.ALREADY_DECIDED;
            default:
                break;
        }
        tellTabs(session, state, new ApprovalDecided(frame.requestId(), frame.decision(),
                frame.comment().orElse(null)));
        state.release(decision);
        if (handler != null) {
            try {
                handler.onApproval(decision);
            } catch (RuntimeException e) {
                LOG.warn("run control handler failed on a decision of run {}", state.run(), e);
            }
        }
        return null;
    }

    // Numbered in the run's thread stream for every tab; a copy for a requester not subscribed.
    private void tellTabs(Session session, RunControlState state, AgentEvent event) {
        events.send(state.user(), state.thread(), state.run(), event);
        if (!session.subscribed(state.thread())) {
            reply.accept(session, unnumbered(event, state));
        }
    }

    private TextFrame unnumbered(AgentEvent event, RunControlState state) {
        return codec.encode(new Envelope(event, null, null, null, state.run(), state.thread(),
                clock.instant()));
    }
}
