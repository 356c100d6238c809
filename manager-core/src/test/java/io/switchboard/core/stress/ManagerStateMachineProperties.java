package io.switchboard.core.stress;

import static io.switchboard.core.stress.ModelledManager.ROOMS;
import static io.switchboard.core.stress.ModelledManager.RUNS;
import static io.switchboard.core.stress.ModelledManager.THREADS;
import static io.switchboard.core.stress.ModelledManager.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.id.ConnectionId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Reporter;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;

/**
 * Stateful property of spec A/B: random chains of connects (with evictions and refusals, limits
 * 2 per user and 5 in all), disconnects, room and thread changes, run associations and every kind
 * of send, each checked against {@link ModelledManager}'s model. After every step each connection
 * must hold exactly the frames the model addressed to it, closed exactly as the model says; the
 * manager's return values, outcomes and stats must match.
 *
 * <p>Actions may name connections that are already closed or were refused: the manager must then
 * answer {@code false} or {@code NO_TARGET}, as the model does. Connection ids are assigned in
 * creation order, so a shrunk chain still means something.
 */
class ManagerStateMachineProperties {

    private final List<ModelledManager> managers = new ArrayList<>();
    private int evictions;
    private int refusals;
    private long frames;
    private boolean failed;

    @Property(tries = 200)
    void managerDeliversExactlyWhatTheModelAddresses(
            @ForAll("chains") ActionChain<ModelledManager> chain) {
        ModelledManager end;
        try {
            end = chain.withInvariant("frames, closes and stats agree with the model",
                    ModelledManager::checkInvariants).run();
        } catch (Throwable t) {
            failed = true; // the counts of a failing (and shrinking) property mean nothing
            throw t;
        }
        evictions += end.evictions;
        refusals += end.refusals;
        frames += end.framesDelivered;
        Statistics.label("chains with an eviction").collect(end.evictions > 0);
        Statistics.label("chains with a refusal").collect(end.refusals > 0);
    }

    @AfterTry
    void closeManagers() {
        managers.forEach(ModelledManager::close);
        managers.clear();
    }

    /** A property that never evicted or refused would prove little about the limits. */
    @AfterProperty
    void limitsWereExercised(Reporter reporter) {
        String counts = evictions + " evictions, " + refusals + " refusals, " + frames
                + " event frames checked against the model";
        reporter.publishValue("state machine", counts);
        if (failed) {
            return;
        }
        assertThat(evictions).as(counts).isGreaterThan(20);
        assertThat(refusals).as(counts).isGreaterThan(20);
        assertThat(frames).as(counts).isGreaterThan(500);
    }

    // Weights favour connects and sends: with 4 users against limits of 2 and 5, most chains of
    // up to 60 steps reach the limits (see the statistics), and every send has someone to miss.
    @Provide
    Arbitrary<ActionChain<ModelledManager>> chains() {
        return ActionChain.<ModelledManager>startWith(() -> {
                    ModelledManager manager = new ModelledManager();
                    managers.add(manager);
                    return manager;
                })
                .withAction(6, independent(Arbitraries.of(USERS)
                        .map(user -> Transformer.mutate("connect " + user, m -> m.connect(user)))))
                .withAction(2, onConnection(id -> Transformer.mutate("disconnect " + id,
                        m -> m.disconnect(id))))
                .withAction(1, independent(Arbitraries.of(USERS).map(user -> Transformer.mutate(
                        "disconnectUser " + user, m -> m.disconnectUser(user)))))
                .withAction(4, onConnectionAnd(ROOMS, (id, room) -> Transformer.mutate(
                        "joinRoom " + id + " " + room, m -> m.joinRoom(id, room))))
                .withAction(2, onConnectionAnd(ROOMS, (id, room) -> Transformer.mutate(
                        "leaveRoom " + id + " " + room, m -> m.leaveRoom(id, room))))
                .withAction(3, onConnectionAnd(THREADS, (id, thread) -> Transformer.mutate(
                        "subscribe " + id + " " + thread, m -> m.subscribe(id, thread))))
                .withAction(1, onConnectionAnd(THREADS, (id, thread) -> Transformer.mutate(
                        "unsubscribe " + id + " " + thread, m -> m.unsubscribe(id, thread))))
                .withAction(2, independent(Combinators.combine(Arbitraries.of(RUNS),
                        Arbitraries.of(USERS), Arbitraries.of(THREADS)).as((run, user, thread) ->
                        Transformer.mutate("associateRun " + run + " " + user + " " + thread,
                                m -> m.associateRun(run, user, thread)))))
                .withAction(3, independent(Arbitraries.of(USERS).map(user -> Transformer.mutate(
                        "sendToUser " + user, m -> m.sendToUser(user)))))
                .withAction(3, independent(Combinators.combine(Arbitraries.of(USERS),
                        Arbitraries.of(THREADS)).as((user, thread) -> Transformer.mutate(
                        "sendToThread " + user + " " + thread, m -> m.sendToThread(user, thread)))))
                .withAction(3, independent(Arbitraries.of(RUNS).map(run -> Transformer.mutate(
                        "sendToRun " + run, m -> m.sendToRun(run)))))
                .withAction(3, independent(Arbitraries.of(RUNS).map(run -> Transformer.mutate(
                        "emitToRun " + run, m -> m.emitToRun(run)))))
                .withAction(3, independent(Arbitraries.of(ROOMS).map(room -> Transformer.mutate(
                        "broadcastToRoom " + room, m -> m.broadcastToRoom(room)))))
                .withAction(1, independent(Arbitraries.just(Transformer.mutate("broadcastToAll",
                        ModelledManager::broadcastToAll))))
                .withAction(1, onConnection(id -> Transformer.mutate("sendToConnection " + id,
                        m -> m.sendToConnection(id))))
                .withMaxTransformations(60);
    }

    private static Action.Independent<ModelledManager> independent(
            Arbitrary<Transformer<ModelledManager>> transformers) {
        return () -> transformers;
    }

    /** An action on a known connection: usually an open one, sometimes a closed or refused one. */
    private static Action.Dependent<ModelledManager> onConnection(
            Function<ConnectionId, Transformer<ModelledManager>> action) {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(ModelledManager state) {
                return !state.knownConnections().isEmpty();
            }

            @Override
            public Arbitrary<Transformer<ModelledManager>> transformer(ModelledManager state) {
                return connection(state).map(action);
            }
        };
    }

    private static <T> Action.Dependent<ModelledManager> onConnectionAnd(List<T> choices,
            BiFunction<ConnectionId, T, Transformer<ModelledManager>> action) {
        return new Action.Dependent<>() {
            @Override
            public boolean precondition(ModelledManager state) {
                return !state.knownConnections().isEmpty();
            }

            @Override
            public Arbitrary<Transformer<ModelledManager>> transformer(ModelledManager state) {
                return Combinators.combine(connection(state), Arbitraries.of(choices))
                        .as(action::apply);
            }
        };
    }

    private static Arbitrary<ConnectionId> connection(ModelledManager state) {
        List<ConnectionId> open = state.openConnections();
        Arbitrary<ConnectionId> any = Arbitraries.of(state.knownConnections());
        return open.isEmpty() ? any
                : Arbitraries.frequencyOf(
                        Tuple.of(4, Arbitraries.of(open)),
                        Tuple.of(1, any));
    }
}
