package io.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The demo agent's script")
class AgentScriptTest {

    @Test
    @DisplayName("tokens concatenate to the text, and an answer is several hundred of them")
    void tokensMakeTheText() {
        AgentScript script = AgentScript.forQuestion("Wie wird das Wetter in Köln?  \"Morgen\"");
        for (String text : List.of(script.reasoning(), script.toolArgumentsJson(), script.answer(),
                script.answerWithoutSearch())) {
            assertThat(String.join("", AgentScript.tokens(text))).isEqualTo(text);
            assertThat(AgentScript.tokens(text)).allSatisfy(token -> assertThat(token).isNotEmpty());
        }
        assertThat(AgentScript.tokens(script.answer())).hasSizeBetween(300, 500);
        assertThat(script.toolArgumentsJson()).isEqualTo(
                "{\"query\": \"Wie wird das Wetter in Köln? \\\"Morgen\\\"\", \"max_results\": 3}");
    }

    @Test
    @DisplayName("the same question gets the same script, so two tabs and a replay can be compared with it")
    void deterministic() {
        assertThat(AgentScript.forQuestion("hi")).isEqualTo(AgentScript.forQuestion("hi"));
        assertThat(AgentScript.forQuestion("hi").answer()).contains("\"hi\"");
    }
}
