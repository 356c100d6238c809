package io.switchboard.examples;

import java.net.BindException;

/**
 * The demo could not start because a port it needs is taken; the message names the port, what it
 * was for, and how to choose others.
 */
public final class PortInUseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int port;

    PortInUseException(int port, String purpose, Throwable cause) {
        super("port " + port + " (" + purpose + ") is already in use: stop what holds it, or start "
                + "the demo on other ports with -Dexec.args=\"--port=9090\" (the page on the port, "
                + "the WebSocket on the port + 1)", cause);
        this.port = port;
    }

    /**
     * The port that was taken.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * Whether a server's start failed because its address was taken; servers wrap the JDK's
     * {@link BindException} in their own exceptions, or only keep its message.
     *
     * @param failure what the start threw
     * @return true if a bind failure is among its causes
     */
    static boolean isBindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException || String.valueOf(cause.getMessage())
                    .contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
