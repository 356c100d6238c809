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
    private final TokenBucket.Refill perConnection;
    private final TokenBucket.Refill perUser;
    private final Ticker ticker;
    private final ConcurrentHashMap<UserId, Shared> users = new ConcurrentHashMap<>();

    InboundRateLimiter(InboundRateLimit limit, Ticker ticker) {
        this.limit = limit;
        this.perConnection = limit.isUnlimited() ? null : TokenBucket.Refill.of(limit.perConnection());
        this.perUser = limit.isUnlimited() ? null : TokenBucket.Refill.of(limit.perUser());
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
            Shared next = current != null ? current : new Shared(perUser, now);
            next.holders++;
            return next;
        });
        return new Allowance(perConnection, now, shared);
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

    // A user's bucket and how many of its connections hold it. Buckets are subclassed rather
    // than wrapped so that each connection's rate state is one object: there is one per
    // connection. holders is mutated only inside users.compute for its user.
    static final class Shared extends TokenBucket {
        private int holders;

        private Shared(TokenBucket.Refill refill, long nowNanos) {
            super(refill, nowNanos);
        }
    }

    /**
     * One connection's share of the limit: its own bucket and its user's. Confined to the
     * connection's transport thread.
     */
    final class Allowance extends TokenBucket {
        private final TokenBucket user;
        private int excess;

        private Allowance(TokenBucket.Refill refill, long nowNanos, TokenBucket user) {
            super(refill, nowNanos);
            this.user = user;
        }

        /** Decides a frame of {@code size} bytes. */
        Verdict check(long size) {
            long now = ticker.read();
            if (tryTake(size, now)) {
                if (user.tryTake(size, now)) {
                    excess = 0;
                    return Verdict.ACCEPT;
                }
                refund(size);
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
