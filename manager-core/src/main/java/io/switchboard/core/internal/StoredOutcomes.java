package io.switchboard.core.internal;

import io.switchboard.core.SendOutcome;
import io.switchboard.core.SendStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The outcomes of stored events. An outcome is a value, and nearly every stream event has one of
 * a few: queued for one or a handful of this instance's connections, none failed, nothing
 * forwarded. Those are made once rather than once per event; any other is made when it happens.
 */
final class StoredOutcomes {

    // Index n: queued for n local connections, nothing else.
    private static final List<SendOutcome> LOCAL = local(8);

    private StoredOutcomes() {
    }

    /** The outcome of an event stored and queued (or not) as the counts say. */
    static SendOutcome of(int queued, int forwarded, int failed, int failedRemote) {
        if (forwarded == 0 && failed == 0 && failedRemote == 0 && queued < LOCAL.size()) {
            return LOCAL.get(queued);
        }
        return new SendOutcome(queued + forwarded > 0 ? SendStatus.QUEUED : SendStatus.STORED,
                queued, forwarded, failed, failedRemote, true);
    }

    private static List<SendOutcome> local(int count) {
        List<SendOutcome> outcomes = new ArrayList<>(count);
        for (int queued = 0; queued < count; queued++) {
            outcomes.add(new SendOutcome(queued > 0 ? SendStatus.QUEUED : SendStatus.STORED,
                    queued, 0, 0, 0, true));
        }
        return Collections.unmodifiableList(outcomes);
    }
}
