package io.switchboard.core.internal;

import io.switchboard.core.InboundRateLimit;
import io.switchboard.core.Ticker;
import io.switchboard.core.id.UserId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies {@link InboundRateLimit} to every frame a client sends: each connection has its own
 * {@link TokenBucket}, and each user one more that all its connections share (held while the user
 * has a connection, so it costs nothing once the user is gone).
 *
 * <p>Thread-safe. {@link Allowance#check} is called on the transport thread of the frame's
 * connection, one frame at a time per connection.
 */
final class InboundRateLimiter {

    /** What to do with one frame. */
    enum Verdict {
        /** Within the limit: handle it. */
        ACCEPT,
        /** The first frame beyond the limit: drop it and send {@code error rate_limited}. */
        WARN,
        /** Beyond the limit again: drop it silently. */
        DROP,
        /** Beyond the limit for too long: close the connection with 1008. */
        CLOSE
    }

    private final InboundRateLimit limit;
    private final Ticker ticker;
    private final ConcurrentHashMap<UserId, Shared> users = new ConcurrentHashMap<>();

    InboundRateLimiter(InboundRateLimit limit, Ticker ticker) {
        this.limit = limit;
        this.ticker = ticker;
    }

    /**
     * The allowance of a newly admitted connection of {@code user}; {@link #release} it once the
     * connection has left.
     */
    Allowance admit(UserId user) {
        if (limit.isUnlimited()) {
            return null;
        }
        long now = ticker.read();
        Shared shared = users.compute(user, (id, current) -> {
            Shared next = current != null ? current : new Shared(new TokenBucket(limit.perUser(), now));
            next.holders++;
            return next;
        });
        return new Allowance(new TokenBucket(limit.perConnection(), now), shared.bucket);
    }

    /** The connection admitted with {@link #admit} has left. */
    void release(UserId user) {
        if (!limit.isUnlimited()) {
            users.computeIfPresent(user, (id, shared) -> --shared.holders == 0 ? null : shared);
        }
    }

    /** Users holding a shared bucket now (for tests). */
    int users() {
        return users.size();
    }

    // Mutated only inside users.compute for its user.
    private static final class Shared {
        final TokenBucket bucket;
        int holders;

        Shared(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }

    /** One connection's share of the limit. Confined to the connection's transport thread. */
    final class Allowance {
        private final TokenBucket own;
        private final TokenBucket user;
        private int excess;

        private Allowance(TokenBucket own, TokenBucket user) {
            this.own = own;
            this.user = user;
        }

        /** Decides a frame of {@code size} bytes. */
        Verdict check(long size) {
            long now = ticker.read();
            if (own.tryTake(size, now)) {
                if (user.tryTake(size, now)) {
                    excess = 0;
                    return Verdict.ACCEPT;
                }
                own.refund(size);
            }
            excess++;
            if (excess == 1) {
                return Verdict.WARN;
            }
            // The warned frame is not one of the tolerated ones.
            return excess - 1 > limit.excessFramesBeforeClose() ? Verdict.CLOSE : Verdict.DROP;
        }
    }
}
