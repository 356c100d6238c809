package io.switchboard.transport.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;

/**
 * The base of every case group: deploys a manager and the transport per case and releases them
 * after it. Each group is a {@code @Nested} class of {@link TransportCompatibilityKit}.
 */
abstract class KitCases {

    /** The short timeouts the timeout cases configure (handshake, idle). */
    static final Duration SHORT = Duration.ofMillis(500);

    /** Slack allowed on top of a configured timeout before a case fails. */
    static final Duration MARGIN = Duration.ofSeconds(2);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

    private final ServerStarter starter;
    private final List<Deployment> deployments = new ArrayList<>();

    KitCases(ServerStarter starter) {
        this.starter = Objects.requireNonNull(starter, "starter");
    }

    /**
     * Deploys with the kit's defaults.
     *
     * @return the deployment, released after the case
     */
    Deployment deploy() throws Exception {
        return deploy(Setup.defaults());
    }

    /**
     * Deploys {@code setup}.
     *
     * @param setup what to deploy
     * @return the deployment, released after the case
     */
    Deployment deploy(Setup setup) throws Exception {
        Deployment deployment = Deployment.start(starter, setup);
        deployments.add(deployment);
        return deployment;
    }

    @AfterEach
    void releaseDeployments() {
        for (int i = deployments.size() - 1; i >= 0; i--) {
            deployments.get(i).close();
        }
        deployments.clear();
    }

    /**
     * Polls {@code condition} until it holds or {@code within} has passed.
     *
     * @param what the condition in words, for the failure message
     * @param within the deadline
     * @param condition the condition
     * @throws AssertionError if it does not hold in time
     */
    static void eventually(String what, Duration within, BooleanSupplier condition) {
        try {
            Awaitility.await(what).atMost(within).pollDelay(Duration.ZERO).pollInterval(POLL_INTERVAL)
                    .pollInSameThread().until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("expected within " + within + ": " + what, e);
        }
    }
}
