package io.switchboard.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the demo's agent answers to a question: its reasoning, the one tool call it wants to make
 * (a web search the user must approve), the tool's result, and the answer, whole. It is data, not
 * behaviour: {@link SimulatedAgent} plays it with a pace, and a scripted model behind a framework
 * bridge can play the same text, so both demos stream the same answer.
 *
 * <p>Immutable.
 *
 * @param agentName the agent's name, for {@code agent_started}
 * @param reasoning the model's reasoning, streamed as a {@code reasoning} message
 * @param toolCallId the id of the tool call
 * @param toolName the tool
 * @param toolArguments the tool's arguments, whole, as {@code tool_executing} carries them
 * @param toolArgumentsJson the same arguments as the JSON text the model generates, streamed in
 *     {@code tool_call_delta}s
 * @param approvalTitle the question the user approves or rejects before the tool runs
 * @param toolResult what the tool returns
 * @param answer the answer when the search was allowed
 * @param answerWithoutSearch the answer when the user rejected the search
 */
public record AgentScript(String agentName, String reasoning, String toolCallId, String toolName,
        Map<String, Object> toolArguments, String toolArgumentsJson, String approvalTitle,
        List<Map<String, Object>> toolResult, String answer, String answerWithoutSearch) {

    // A token as a model emits one: a word with the space before it, or a run of punctuation.
    private static final Pattern TOKEN = Pattern.compile("\\s*[\\p{L}\\p{N}'’-]{1,8}|\\s*[^\\s\\p{L}\\p{N}]|\\s+");

    /**
     * The script for a question: the same question always gets the same text.
     *
     * @param question what the user asked
     * @return the script
     */
    public static AgentScript forQuestion(String question) {
        String topic = topicOf(question);
        String quoted = topic.replace("\\", "\\\\").replace("\"", "\\\"");
        String reasoning = "The user asks about \"" + topic + "\". I know a little about it, but "
                + "my knowledge may be out of date, so I should check current sources before I "
                + "answer. A web search with the question as the query should find them; three "
                + "results are enough to compare. Searching the web needs the user's approval, "
                + "so I will ask first and explain what I would search for.";
        String sources = "Two of the three sources agree on the main points.";
        String answer = "Here is what I found about \"" + topic + "\".\n\n"
                + "In short. " + sources + " The first, the Switchboard documentation, "
                + "describes the subject from the point of view of someone who has to run it "
                + "every day; the second, an overview of agent events, explains how the pieces "
                + "fit together and why each of them exists. The third source is older and "
                + "repeats the first one, so I have left it aside.\n\n"
                + "What they agree on. Both say that the most important thing is to get the "
                + "basics right before worrying about speed: every message has to reach the "
                + "person it was meant for, and nobody else, even when connections drop and come "
                + "back. Both recommend numbering what is sent, so that a reader who was away can "
                + "say exactly where they stopped and receive only what they missed, instead of "
                + "everything again or nothing at all.\n\n"
                + "Where they differ. The documentation prefers small, frequent updates, "
                + "because people like to watch an answer appear as it is written; the overview "
                + "warns that a slow reader should then receive those updates merged into larger "
                + "pieces, so that one slow screen never holds back everyone else. These two "
                + "positions fit together well: stream token by token when the reader keeps up, "
                + "merge when they fall behind, and never lose a character either way.\n\n"
                + "What I would do next. If you want to go deeper, start with the "
                + "documentation's page on delivery, then try the demo: open two tabs, ask a "
                + "question, drop the connection of one of them in the middle of the answer and "
                + "watch both tabs end with the same text. If anything in this summary looks "
                + "wrong to you, ask again with more detail and I will search more narrowly.";
        String withoutSearch = "You asked me not to search the web, so here is what I know about \""
                + topic + "\" without checking current sources; it may be out of date.\n\n"
                + "From what I learned, the essentials are to make sure every message reaches the "
                + "right person and nobody else, to number what is sent so that a reader who was "
                + "away gets exactly what they missed, and to merge updates for a reader who falls "
                + "behind rather than drop any of them. If you allow the search next time, I can "
                + "compare this with what the sources say today.";
        return new AgentScript("research-assistant", reasoning, "call-1", "web_search",
                Map.of("query", topic, "max_results", 3),
                "{\"query\": \"" + quoted + "\", \"max_results\": 3}", "Allow web search?",
                List.of(Map.of("title", "Switchboard documentation", "url", "https://example.org/switchboard"),
                        Map.of("title", "Agent events, an overview", "url", "https://example.org/events"),
                        Map.of("title", "Switchboard documentation (2024)", "url", "https://example.org/old")),
                answer, withoutSearch);
    }

    /**
     * Splits a text into tokens as a language model streams it (a word with the whitespace before
     * it, or a punctuation mark); the tokens concatenate to the text.
     *
     * @param text the text
     * @return its tokens, in order
     */
    public static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                tokens.add(text.substring(end, matcher.start()));
            }
            tokens.add(matcher.group());
            end = matcher.end();
        }
        if (end < text.length()) {
            tokens.add(text.substring(end));
        }
        return tokens;
    }

    private static String topicOf(String question) {
        String topic = question.strip().replaceAll("\\s+", " ");
        return topic.length() > 60 ? topic.substring(0, 60) : topic;
    }
}
