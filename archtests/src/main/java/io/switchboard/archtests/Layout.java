package io.switchboard.archtests;

import java.util.Objects;

/**
 * Where Switchboard's parts live, relative to one root package.
 *
 * <p>The public rules use the root of the real {@code WebSocketManager}; the tests of this module
 * root a layout at a fixture package, so that each rule can be shown to fail on classes built to
 * break it. Package names use ArchUnit's syntax: {@code "a.b.."} is package {@code a.b} and every
 * package below it.
 *
 * @param root the root package, for example {@code io.switchboard}
 */
record Layout(String root) {

    /** The simple name of the manager port, in {@code <root>.core}. */
    static final String PORT_SIMPLE_NAME = "WebSocketManager";

    Layout {
        Objects.requireNonNull(root, "root");
        if (root.isBlank() || root.endsWith(".")) {
            throw new IllegalArgumentException("not a package name: '" + root + "'");
        }
    }

    /**
     * The layout around a manager port, which lives in {@code <root>.core}.
     *
     * @throws IllegalArgumentException if the port is not in a package named {@code core}
     */
    static Layout aroundPort(Class<?> port) {
        String corePackage = port.getPackageName();
        if (!corePackage.endsWith(".core") || !port.getSimpleName().equals(PORT_SIMPLE_NAME)) {
            throw new IllegalArgumentException("expected <root>.core." + PORT_SIMPLE_NAME + ", got "
                    + port.getName());
        }
        return new Layout(corePackage.substring(0, corePackage.length() - ".core".length()));
    }

    /** Every package of the root, as an ArchUnit package pattern. */
    String everything() {
        return root + "..";
    }

    /** The core module's packages. */
    String core() {
        return root + ".core..";
    }

    /** The core module's root package, for messages. */
    String corePackage() {
        return root + ".core";
    }

    /** The fully qualified name of the manager port. */
    String port() {
        return corePackage() + "." + PORT_SIMPLE_NAME;
    }

    /** The fully qualified name of the port's one implementation. */
    String implementation() {
        return root + ".core.internal.Default" + PORT_SIMPLE_NAME;
    }

    /** The examples module: wiring, which may use every adapter and library. */
    String examples() {
        return root + ".examples..";
    }

    /**
     * The wiring modules, which may use every adapter and library: the examples and the Spring
     * Boot starter (which deploys the Jakarta adapter on the embedded server and may start an
     * Undertow or Netty server).
     */
    String[] wiring() {
        return new String[] {examples(), root + ".spring.boot.."};
    }

    /** The packages of one adapter, given relative to the root, e.g. {@code transport.netty}. */
    String adapter(String relativePackage) {
        return root + "." + relativePackage + "..";
    }

    /** The root package of one adapter, for messages. */
    String adapterPackage(String relativePackage) {
        return root + "." + relativePackage;
    }
}
