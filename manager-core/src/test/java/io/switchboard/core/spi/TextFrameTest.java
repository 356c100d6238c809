package io.switchboard.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A text frame")
class TextFrameTest {

    @Test
    @DisplayName("copies its bytes where it is told, and nowhere else")
    void copiesItsBytes() {
        TextFrame frame = TextFrame.of("{\"type\":\"grüß\"}");
        byte[] utf8 = "{\"type\":\"grüß\"}".getBytes(StandardCharsets.UTF_8);
        byte[] target = new byte[utf8.length + 4];
        Arrays.fill(target, (byte) '#');

        frame.copyTo(target, 2);

        assertThat(Arrays.copyOfRange(target, 2, 2 + utf8.length)).isEqualTo(utf8);
        assertThat(new byte[] {target[0], target[1], target[target.length - 2],
            target[target.length - 1]}).containsOnly((byte) '#');
        assertThat(frame.sizeInBytes()).isEqualTo(utf8.length);
    }

    @Test
    @DisplayName("refuses a target too short, and leaves it as it was")
    void refusesShortTarget() {
        TextFrame frame = TextFrame.of("{\"a\":1}");
        byte[] target = new byte[frame.sizeInBytes()];
        assertThatThrownBy(() -> frame.copyTo(target, 1))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(target).containsOnly((byte) 0);
    }
}
