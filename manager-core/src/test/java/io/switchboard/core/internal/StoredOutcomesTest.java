package io.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.SendOutcome;
import io.switchboard.core.SendStatus;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The outcomes of stored events")
class StoredOutcomesTest {

    @Test
    @DisplayName("equal what the counts say, shared or not")
    void outcomesSayTheirCounts() {
        for (int queued = 0; queued < 20; queued++) {
            for (int forwarded = 0; forwarded < 3; forwarded++) {
                for (int failed = 0; failed < 3; failed++) {
                    for (int failedRemote = 0; failedRemote < 3; failedRemote++) {
                        SendStatus status = queued + forwarded > 0 ? SendStatus.QUEUED
                                : SendStatus.STORED;
                        assertThat(StoredOutcomes.of(queued, forwarded, failed, failedRemote))
                                .isEqualTo(new SendOutcome(status, queued, forwarded, failed,
                                        failedRemote, true));
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("the usual ones are made once")
    void usualOnesShared() {
        assertThat(StoredOutcomes.of(1, 0, 0, 0)).isSameAs(StoredOutcomes.of(1, 0, 0, 0));
        assertThat(StoredOutcomes.of(0, 0, 0, 0)).isSameAs(StoredOutcomes.of(0, 0, 0, 0));
    }
}
