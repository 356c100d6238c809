package io.switchboard.core.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.spi.TextFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The JSON codec of protocol v1 (docs/protocol.md): encodes envelopes and control frames to
 * {@link TextFrame}s, decodes and validates client frames. Thread-safe and stateless once built.
 */
public final class WireCodec {

    /** The protocol version announced in the welcome frame. */
    public static final int PROTOCOL_VERSION = 1;

    // Client frames are small; deep nesting or huge numbers are an attack, not a chat message.
    private static final int MAX_INBOUND_NESTING = 32;
    private static final int MAX_INBOUND_NUMBER_LENGTH = 64;

    private final ObjectMapper mapper;

    /** Creates the codec with the protocol's naming (snake_case, lower-case enums). */
    public WireCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_INBOUND_NESTING)
                        .maxNumberLength(MAX_INBOUND_NUMBER_LENGTH)
                        .build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
                .build();
    }

    /**
     * Encodes an event envelope, once; the result is shared by every target.
     *
     * @param envelope the envelope
     * @return the frame
     * @throws EventEncodingException if the event's payload cannot be serialized
     */
    public TextFrame encode(Envelope envelope) {
        AgentEvent event = envelope.event();
        Object payload = event instanceof ApplicationEvent app ? app.payload() : event;
        return write(generator -> {
            generator.writeStringField("type", event.type());
            writeIfPresent(generator, "stream", envelope.stream());
            if (envelope.seq() != null) {
                generator.writeNumberField("seq", envelope.seq());
            }
            writeIfPresent(generator, "epoch", envelope.epoch());
            writeIfPresent(generator, "run_id", envelope.run() == null ? null : envelope.run().value());
            writeIfPresent(generator, "thread_id",
                    envelope.thread() == null ? null : envelope.thread().value());
            generator.writeStringField("ts", envelope.ts().toString());
            generator.writeFieldName("payload");
            mapper.writeValue(generator, payload);
        });
    }

    /**
     * The first frame of an admitted connection.
     *
     * @param connection the connection's id
     * @param ts the time of admission
     * @return the frame
     */
    public TextFrame welcome(ConnectionId connection, Instant ts) {
        return write(generator -> {
            generator.writeStringField("type", WireTypes.WELCOME);
            generator.writeStringField("connection_id", connection.value());
            generator.writeNumberField("protocol", PROTOCOL_VERSION);
            generator.writeStringField("ts", ts.toString());
        });
    }

    /**
     * An error frame.
     *
     * @param code the error code
     * @param message the explanation
     * @return the frame
     */
    public TextFrame error(String code, String message) {
        return write(generator -> {
            generator.writeStringField("type", WireTypes.ERROR);
            generator.writeStringField("code", code);
            generator.writeStringField("message", message);
        });
    }

    /**
     * A confirmation of {@code subscribe} or {@code unsubscribe}.
     *
     * @param type {@link WireTypes#SUBSCRIBED} or {@link WireTypes#UNSUBSCRIBED}
     * @param thread the thread
     * @return the frame
     */
    public TextFrame subscription(String type, ThreadId thread) {
        return write(generator -> {
            generator.writeStringField("type", type);
            generator.writeStringField("thread_id", thread.value());
        });
    }

    /**
     * The answer to an application-level ping.
     *
     * @return the frame
     */
    public TextFrame pong() {
        return write(generator -> generator.writeStringField("type", WireTypes.PONG));
    }

    /**
     * Decodes and validates a client frame.
     *
     * @param text the frame's text
     * @return the frame
     * @throws FrameRejected with the error code and message for the client
     */
    public ClientFrame decode(String text) throws FrameRejected {
        JsonNode root;
        try (JsonParser parser = mapper.createParser(text)) {
            root = mapper.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw new FrameRejected(ErrorCodes.MALFORMED_JSON, "trailing data after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new FrameRejected(ErrorCodes.MALFORMED_JSON, "frame is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException("reading from a string failed", e);
        }
        if (root == null || !root.isObject()) {
            throw new FrameRejected(ErrorCodes.MALFORMED_JSON, "frame is not a JSON object");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME, "frame has no string 'type'");
        }
        switch (type.textValue()) {
            case WireTypes.SUBSCRIBE:
                return new ClientFrame.Subscribe(requiredThread(root));
            case WireTypes.UNSUBSCRIBE:
                return new ClientFrame.Unsubscribe(requiredThread(root));
            case WireTypes.MESSAGE:
                return message(root);
            case WireTypes.PING:
                return new ClientFrame.Ping();
            default:
                throw new FrameRejected(ErrorCodes.UNKNOWN_TYPE, "unknown frame type");
        }
    }

    private ClientFrame.Message message(JsonNode root) throws FrameRejected {
        Optional<ThreadId> thread =
                root.hasNonNull("thread_id") ? Optional.of(requiredThread(root)) : Optional.empty();
        JsonNode payload = root.get("payload");
        try {
            return new ClientFrame.Message(thread,
                    payload == null ? "null" : mapper.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME, "payload cannot be re-encoded");
        }
    }

    private static ThreadId requiredThread(JsonNode root) throws FrameRejected {
        JsonNode thread = root.get("thread_id");
        if (thread == null || !thread.isTextual()) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME, "frame has no string 'thread_id'");
        }
        try {
            return ThreadId.of(thread.textValue());
        } catch (IllegalArgumentException e) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME, "'thread_id' is not a valid thread id");
        }
    }

    private static void writeIfPresent(JsonGenerator generator, String field, String value)
            throws IOException {
        if (value != null) {
            generator.writeStringField(field, value);
        }
    }

    private TextFrame write(ObjectBody body) {
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(256)) {
            try (JsonGenerator generator = mapper.createGenerator(bytes)) {
                generator.writeStartObject();
                body.writeTo(generator);
                generator.writeEndObject();
            }
            return TextFrame.ofUtf8(bytes.toByteArray());
        } catch (JsonProcessingException e) {
            throw new EventEncodingException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }

    @FunctionalInterface
    private interface ObjectBody {
        void writeTo(JsonGenerator generator) throws IOException;
    }
}
