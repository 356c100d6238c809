package io.switchboard.cluster.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * An instance in a process of its own, so that a test can kill it with SIGKILL: no shutdown, no
 * withdrawal from the registry. Prints {@code READY <uri>} once it serves, then runs until its
 * standard input closes.
 */
public final class InstanceMain {

    private InstanceMain() {
    }

    /**
     * Runs an instance.
     *
     * @param args the Redis URI, the key prefix, the instance id, the per-user limit
     * @throws Exception if it cannot start
     */
    public static void main(String[] args) throws Exception {
        Instance instance = Instance.start(args[0], args[1], args[2], Integer.parseInt(args[3]));
        System.out.println("READY " + instance.uri());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // Runs until the parent closes our input.
            }
        }
        instance.close();
    }
}
