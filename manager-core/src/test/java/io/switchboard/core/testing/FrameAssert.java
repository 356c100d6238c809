package io.switchboard.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the frames a client received, in the style of AssertJ: every failure names what
 * did arrive (each frame's type, with its {@code seq} when it has one), so a failing test shows
 * the conversation rather than a size. Start from {@link #assertThat(FakeConnection)} or
 * {@link #assertThatFrames(List)} (named apart so that it never shadows AssertJ's list assertions
 * where both are imported); the frames are a snapshot taken when the assertion starts.
 */
public final class FrameAssert extends AbstractAssert<FrameAssert, List<JsonNode>> {

    private final String source;

    private FrameAssert(List<JsonNode> frames, String source) {
        super(List.copyOf(frames), FrameAssert.class);
        this.source = source;
    }

    /**
     * Asserts on what {@code connection} received so far.
     *
     * @param connection the connection
     * @return the assertion
     */
    public static FrameAssert assertThat(FakeConnection connection) {
        return new FrameAssert(connection.frames(), connection.toString());
    }

    /**
     * Asserts on a list of parsed frames.
     *
     * @param frames the frames, in the order they arrived
     * @return the assertion
     */
    public static FrameAssert assertThatFrames(List<JsonNode> frames) {
        return new FrameAssert(frames, "the frames");
    }

    /**
     * At least one frame of {@code type} arrived.
     *
     * @param type the frame type
     * @return this assertion
     */
    public FrameAssert hasFrameOfType(String type) {
        isNotNull();
        if (ofType(type).isEmpty()) {
            failWithMessage("Expecting a frame of type <%s> on %s but received %s", type, source, arrived());
        }
        return this;
    }

    /**
     * Exactly {@code count} frames of {@code type} arrived.
     *
     * @param type the frame type
     * @param count how many
     * @return this assertion
     */
    public FrameAssert hasFramesOfType(String type, int count) {
        isNotNull();
        int found = ofType(type).size();
        if (found != count) {
            failWithMessage("Expecting %d frame(s) of type <%s> on %s but found %d; received %s", count, type,
                    source, found, arrived());
        }
        return this;
    }

    /**
     * No frame of {@code type} arrived.
     *
     * @param type the frame type
     * @return this assertion
     */
    public FrameAssert hasNoFrameOfType(String type) {
        return hasFramesOfType(type, 0);
    }

    /**
     * The frames' types are exactly {@code types}, in this order.
     *
     * @param types the expected types
     * @return this assertion
     */
    public FrameAssert hasTypes(String... types) {
        return hasTypes(Arrays.asList(types));
    }

    /**
     * The frames' types are exactly {@code types}, in this order.
     *
     * @param types the expected types
     * @return this assertion
     */
    public FrameAssert hasTypes(List<String> types) {
        isNotNull();
        List<String> found = actual.stream().map(FrameAssert::type).toList();
        if (!found.equals(types)) {
            failWithMessage("Expecting the frame types %s on %s but received %s", types, source, arrived());
        }
        return this;
    }

    /**
     * The numbered frames (those with a {@code seq}) carry exactly {@code seqs}, in this order.
     *
     * @param seqs the expected sequence numbers
     * @return this assertion
     */
    public FrameAssert hasSeqs(long... seqs) {
        isNotNull();
        List<Long> expected = Arrays.stream(seqs).boxed().toList();
        if (!seqs().equals(expected)) {
            failWithMessage("Expecting the seqs %s on %s but received %s", expected, source, arrived());
        }
        return this;
    }

    /**
     * Every one of {@code seqs} arrived on a numbered frame, in any order, among others.
     *
     * @param seqs the sequence numbers
     * @return this assertion
     */
    public FrameAssert containsSeqs(long... seqs) {
        isNotNull();
        List<Long> found = seqs();
        List<Long> missing = Arrays.stream(seqs).boxed().filter(seq -> !found.contains(seq)).toList();
        if (!missing.isEmpty()) {
            failWithMessage("Expecting the seqs %s on %s but %s are missing; received %s",
                    Arrays.toString(seqs), source, missing, arrived());
        }
        return this;
    }

    private List<JsonNode> ofType(String type) {
        return actual.stream().filter(frame -> type.equals(type(frame))).toList();
    }

    private List<Long> seqs() {
        return actual.stream().filter(frame -> frame.has("seq")).map(frame -> frame.path("seq").asLong())
                .toList();
    }

    private String arrived() {
        return actual.stream()
                .map(frame -> frame.has("seq") ? type(frame) + "#" + frame.path("seq").asLong() : type(frame))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String type(JsonNode frame) {
        return frame.path("type").asText();
    }
}
