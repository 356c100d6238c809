package io.switchboard.core.internal;

import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.MessageCompleted;
import io.switchboard.core.event.MessageDelta;
import io.switchboard.core.event.MessageStarted;
import io.switchboard.core.event.ToolCallDelta;
import io.switchboard.core.replay.MessagePart;

/** What the replay log is told about the events of a streamed message or tool call. */
final class MessageParts {

    private MessageParts() {
    }

    /** The event's message part, or null for an event that belongs to no streamed message. */
    static MessagePart of(AgentEvent event) {
        if (event instanceof MessageDelta delta) {
            return new MessagePart(MessagePart.Kind.MESSAGE_DELTA, delta.messageId(), null,
                    delta.delta());
        }
        if (event instanceof ToolCallDelta delta) {
            return new MessagePart(MessagePart.Kind.TOOL_CALL_DELTA, delta.toolCallId(),
                    delta.toolName(), delta.argumentsDelta());
        }
        if (event instanceof MessageStarted started) {
            return new MessagePart(MessagePart.Kind.MESSAGE_STARTED, started.messageId(), null, null);
        }
        if (event instanceof MessageCompleted completed) {
            return new MessagePart(MessagePart.Kind.MESSAGE_COMPLETED, completed.messageId(), null,
                    null);
        }
        return null;
    }
}
