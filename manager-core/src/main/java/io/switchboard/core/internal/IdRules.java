package io.switchboard.core.internal;

/**
 * The one validation rule behind every id type, so that ids accepted from a handshake, a frame or
 * an application call are held to the same character set and length.
 */
public final class IdRules {

    /** Longest id accepted, in characters. */
    public static final int MAX_LENGTH = 128;

    // Allowed: letters, digits and a few separators common in ids, safe in JSON, logs, Redis keys
    // and URLs: [A-Za-z0-9._:@/-]. Checked char by char rather than with a regex: every connection
    // id, and every id a frame or handshake names, passes here.

    private IdRules() {
    }

    /**
     * Returns {@code value} if it is a valid id, otherwise throws.
     *
     * @param kind what the id names, used in the message (for example {@code "user id"})
     * @param value the candidate
     * @return {@code value}
     * @throws IllegalArgumentException naming {@code kind} and the offending value
     */
    public static String require(String kind, String value) {
        if (value == null) {
            throw new IllegalArgumentException(kind + " must not be null");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException(kind + " must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(kind + " is " + value.length()
                    + " characters long, at most " + MAX_LENGTH + " are allowed: '"
                    + value.substring(0, 32) + "...'");
        }
        if (!allowed(value)) {
            throw new IllegalArgumentException(kind + " '" + printable(value)
                    + "' contains a character outside [A-Za-z0-9._:@/-]");
        }
        return value;
    }

    private static boolean allowed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '@' || c == '/' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // The value goes into an exception message: keep control characters out of logs.
    private static String printable(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
