package io.switchboard.examples;

import io.switchboard.core.id.UserId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed session cookies: {@code <user>.<HMAC-SHA256 of the user>}, with a key made at start, so
 * a client cannot claim another user's name. A real application uses its own session mechanism;
 * this shows where it plugs in. Thread-safe.
 */
final class SessionCookies {

    static final String NAME = "sb_session";

    private final byte[] key;

    /** Signs with a random key: sessions are valid on this instance only. */
    SessionCookies() {
        this.key = new byte[32];
        new SecureRandom().nextBytes(key);
    }

    /** Signs with a shared secret: instances that share it accept each other's sessions. */
    SessionCookies(String secret) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    String issue(UserId user) {
        return user.value() + "." + signature(user.value());
    }

    Optional<UserId> verify(String cookie) {
        int dot = cookie.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String user = cookie.substring(0, dot);
        byte[] expected = signature(user).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = cookie.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual)) {
            return Optional.empty();
        }
        try {
            return Optional.of(UserId.of(user));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String signature(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(user.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
