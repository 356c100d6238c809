package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.event.MessageKind;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.id.UserId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket subprotocol {@code ag-ui}: echoed in the 101 answer when offered, and then every
 * server frame is an AG-UI event; without it nothing changes.
 */
abstract class SubprotocolCases extends KitCases {

    SubprotocolCases(ServerStarter starter) {
        super(starter);
    }

    @Test
    @DisplayName("a client offering ag-ui gets it echoed and AG-UI events with stream, seq and epoch kept")
    void agUiWhenOffered() throws Exception {
        Deployment deployment = deploy();
        WebSocketManager manager = deployment.manager();
        WebSocketRecorder client = deployment.client().bearer("alice")
                .subprotocols("ag-ui").connect();
        assertThat(client.subprotocol()).isEqualTo("ag-ui");
        JsonNode welcome = client.nextFrame();
        assertThat(welcome.path("type").asText()).isEqualTo("CUSTOM");
        assertThat(welcome.path("name").asText()).isEqualTo("welcome");
        assertThat(welcome.path("value").path("connectionId").asText()).isNotEmpty();

        client.send("{\"type\":\"subscribe\",\"thread_id\":\"t-1\"}");
        assertThat(client.nextFrame().path("name").asText()).isEqualTo("subscribed");
        AgentEmitter run = manager.emitter(UserId.of("alice"), ThreadId.of("t-1"), RunId.of("r-1"));
        run.started("kit");
        run.messageStarted("m-1", MessageKind.TEXT);
        run.messageDelta("m-1", "Hello");

        JsonNode started = client.nextFrame();
        assertThat(started.path("type").asText()).isEqualTo("RUN_STARTED");
        assertThat(started.path("runId").asText()).isEqualTo("r-1");
        assertThat(started.path("threadId").asText()).isEqualTo("t-1");
        assertThat(started.path("stream").asText()).isEqualTo("alice#t-1");
        assertThat(started.path("seq").asLong()).isEqualTo(1);
        assertThat(started.path("epoch").asText()).isNotEmpty();
        assertThat(client.nextFrame().path("type").asText()).isEqualTo("TEXT_MESSAGE_START");
        JsonNode content = client.nextFrame();
        assertThat(content.path("type").asText()).isEqualTo("TEXT_MESSAGE_CONTENT");
        assertThat(content.path("delta").asText()).isEqualTo("Hello");
        assertThat(content.path("seq").asLong()).isEqualTo(3);
    }

    @Test
    @DisplayName("a client offering only other subprotocols gets none selected and protocol v1")
    void nothingChangesWithoutIt() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder client = deployment.client().bearer("alice")
                .subprotocols("graphql-ws").connect();
        assertThat(client.subprotocol()).isEmpty();
        assertThat(client.nextFrame().path("type").asText()).isEqualTo("welcome");
    }
}
