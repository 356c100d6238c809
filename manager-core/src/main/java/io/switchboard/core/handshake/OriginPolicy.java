package io.switchboard.core.handshake;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may open a WebSocket: the defence against cross-site WebSocket hijacking.
 * Matching is exact on the whole serialized origin ({@code scheme://host[:port]}, compared
 * case-insensitively): no suffix, substring or wildcard matching, and the literal origin
 * {@code null} (sandboxed frames, {@code file:} pages) is never allowed. Immutable; thread-safe.
 */
public final class OriginPolicy {

    private final Set<String> allowed;
    private final boolean allowMissingOrigin;

    private OriginPolicy(Set<String> allowed, boolean allowMissingOrigin) {
        allowed = Objects.requireNonNull(allowed, "allowed").stream()
                .map(OriginPolicy::validated)
                .collect(Collectors.toUnmodifiableSet());
        this.allowed = allowed;
        this.allowMissingOrigin = allowMissingOrigin;
    }

    /**
     * Allows exactly these origins, and non-browser clients (no {@code Origin} header).
     *
     * @param origins for example {@code "https://chat.example.com"}
     * @return the policy
     */
    public static OriginPolicy allowOnly(String... origins) {
        return new OriginPolicy(Set.of(origins), true);
    }

    /**
     * Allows no browser origin; only non-browser clients connect. The default of every transport.
     *
     * @return the policy
     */
    public static OriginPolicy nonBrowserOnly() {
        return new OriginPolicy(Set.of(), true);
    }

    /**
     * A copy that refuses requests without an {@code Origin} header.
     *
     * @return the stricter policy
     */
    public OriginPolicy requiringOrigin() {
        return new OriginPolicy(allowed, false);
    }

    /**
     * Whether a request with this {@code Origin} header may connect.
     *
     * @param origin the header's value, or empty if the request had none
     * @return {@code true} if allowed
     */
    public boolean allows(Optional<String> origin) {
        if (origin.isEmpty()) {
            return allowMissingOrigin;
        }
        return allowed.contains(origin.get().toLowerCase(Locale.ROOT));
    }

    private static String validated(String origin) {
        String lower = Objects.requireNonNull(origin, "origin").toLowerCase(Locale.ROOT);
        if (!lower.matches("https?://([a-z0-9.-]+|\\[[0-9a-f:.]+\\])(:[0-9]{1,5})?")) {
            throw new IllegalArgumentException("origin '" + origin
                    + "' is not of the form http(s)://host[:port] (no path, no trailing slash)");
        }
        return lower;
    }

    /**
     * The exact origins allowed, in lower case.
     *
     * @return the exact origins allowed, in lower case
     */
    public Set<String> allowed() {
        return allowed;
    }

    /**
     * Whether a request without an {@code Origin} header (a non-browser client) is allowed.
     *
     * @return whether a request without an {@code Origin} header (a non-browser client) is allowed
     */
    public boolean allowMissingOrigin() {
        return allowMissingOrigin;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof OriginPolicy that)) {
            return false;
        }
        return allowed.equals(that.allowed)
                && allowMissingOrigin == that.allowMissingOrigin;
    }

    @Override
    public int hashCode() {
        return Objects.hash(allowed, allowMissingOrigin);
    }

    @Override
    public String toString() {
        return "OriginPolicy[allowed=" + allowed
                + ", allowMissingOrigin=" + allowMissingOrigin
                + "]";
    }
}
