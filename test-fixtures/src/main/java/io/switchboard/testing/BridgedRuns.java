package io.switchboard.testing;

import java.util.List;

/**
 * What every model bridge must turn one scripted answer into, so that the bridges' tests hold
 * them to one outline: reasoning, then text, then two tool calls ({@code c1} {@code weather} and
 * {@code c2} {@code clock}) streamed and executed in turn, then the rest of the text, then the end.
 */
public final class BridgedRuns {

    private BridgedRuns() {
    }

    /**
     * The outline ({@link RunTranscript#outline()}) of that answer in run {@code run}.
     *
     * @param run the run's id, which prefixes its message ids
     * @return the outline
     */
    public static List<String> reasoningTextAndTwoTools(String run) {
        String m1 = run + ":m1";
        String m2 = run + ":m2";
        String m3 = run + ":m3";
        return List.of(
                "message_started " + m1 + " reasoning", "message_delta " + m1,
                "message_completed " + m1,
                "message_started " + m2 + " text", "message_delta " + m2, "message_completed " + m2,
                "tool_call_delta c1 weather", "tool_call_delta c2 clock",
                "tool_executing c1 weather", "tool_completed c1 weather true",
                "tool_executing c2 clock", "tool_completed c2 clock true",
                "message_started " + m3 + " text", "message_delta " + m3, "message_completed " + m3,
                "agent_completed succeeded");
    }
}
