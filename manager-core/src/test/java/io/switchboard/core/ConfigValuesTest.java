package io.switchboard.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.emit.RetryPolicy;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.handshake.Authenticator;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.core.replay.ReplayLogLimits;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API conventions every config of the core follows (README, "API conventions"): a value with
 * equals, hashCode and a toString naming its settings, and {@code toBuilder()} deriving a copy
 * that differs only in what was changed.
 */
class ConfigValuesTest {

    private static final Authenticator ANYONE = request -> AuthenticationResult.unauthorized("no");

    static Stream<Arguments> configs() {
        return Stream.of(
                config(ManagerConfig.defaults(), ManagerConfig::toBuilder,
                        c -> c.toBuilder().maxQueuedFrames(7).build(), "maxQueuedFrames=7"),
                config(ReplayLogLimits.defaults(), ReplayLogLimits::toBuilder,
                        c -> c.toBuilder().maxEventsPerStream(9).build(), "maxEventsPerStream=9"),
                config(RetryPolicy.defaults(), RetryPolicy::toBuilder,
                        c -> c.toBuilder().maxAttempts(2).build(), "maxAttempts=2"),
                config(InboundRateLimit.defaults(), InboundRateLimit::toBuilder,
                        c -> c.toBuilder().excessFramesBeforeClose(3).build(),
                        "excessFramesBeforeClose=3"),
                config(TransportSettings.builder(ANYONE).build(), TransportSettings::toBuilder,
                        c -> c.toBuilder().handshakeTimeout(Duration.ofSeconds(3)).build(),
                        "handshakeTimeout=PT3S"));
    }

    private static <C> Arguments config(C base, Function<C, ?> toBuilder,
            UnaryOperator<C> change, String changedSetting) {
        return Arguments.of(base.getClass().getSimpleName(), base, change.apply(base),
                rebuilt(base, toBuilder), changedSetting);
    }

    // toBuilder().build() through the builder's own build method, whatever the config type.
    private static <C> Object rebuilt(C base, Function<C, ?> toBuilder) {
        Object builder = toBuilder.apply(base);
        try {
            return builder.getClass().getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}: toBuilder copies, a change changes only itself")
    @MethodSource("configs")
    void valueSemantics(String type, Object base, Object changed, Object rebuilt,
            String changedSetting) {
        assertThat(rebuilt).isEqualTo(base).hasSameHashCodeAs(base).isNotSameAs(base);
        assertThat(rebuilt.toString()).isEqualTo(base.toString()).startsWith(type + "[");
        assertThat(changed).isNotEqualTo(base);
        assertThat(changed.toString()).contains(changedSetting);
        assertThat(base.toString()).doesNotContain(changedSetting);
        assertThat(changed.toString().replace(changedSetting, ""))
                .as("only the changed setting differs")
                .isEqualTo(base.toString().replaceFirst(
                        changedSetting.substring(0, changedSetting.indexOf('=') + 1) + "[^,\\]]*",
                        ""));
    }
}
