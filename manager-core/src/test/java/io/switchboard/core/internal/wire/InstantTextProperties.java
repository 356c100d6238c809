package io.switchboard.core.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The envelope's {@code ts} text is {@link Instant#toString()}'s, whatever came before it. */
class InstantTextProperties {

    @Property(tries = 500)
    void sameAsInstantToString(@ForAll("instants") List<Instant> instants) {
        InstantText text = new InstantText();
        for (Instant instant : instants) {
            int length = text.format(instant);
            assertThat(new String(text.chars(), 0, length)).isEqualTo(instant.toString());
        }
    }

    @Provide
    Arbitrary<List<Instant>> instants() {
        // Near now (the cached second is reused), anywhere in four-digit years, and beyond them.
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(1_795_000_000L, 1_795_000_003L),
                Arbitraries.longs().between(-62_167_219_201L, 253_402_300_800L),
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(us -> us * 1_000),
                Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond).list().ofMaxSize(20);
    }
}
