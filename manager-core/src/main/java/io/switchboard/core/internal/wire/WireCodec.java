package io.switchboard.core.internal.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.util.ByteBufferBackedInputStream;
import io.switchboard.core.event.AgentEvent;
import io.switchboard.core.event.ApprovalDecided;
import io.switchboard.core.event.ApplicationEvent;
import io.switchboard.core.id.ConnectionId;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.ThreadId;
import io.switchboard.core.replay.GapReason;
import io.switchboard.core.replay.LifecycleMark;
import io.switchboard.core.replay.MessagePart;
import io.switchboard.core.replay.OpenMessage;
import io.switchboard.core.replay.StreamCursor;
import io.switchboard.core.replay.StreamId;
import io.switchboard.core.replay.StreamState;
import io.switchboard.core.spi.TextFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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
    private static final int MAX_CURSORS = 64;
    private static final int MAX_REQUEST_ID_LENGTH = 128;
    private static final int MAX_COMMENT_LENGTH = 4096;

    // The envelope's field names, encoded once (EnvelopeIds encodes its fields with them too).
    private static final SerializedString TYPE = new SerializedString("type");
    static final SerializedString STREAM = new SerializedString("stream");
    private static final SerializedString SEQ = new SerializedString("seq");
    static final SerializedString EPOCH = new SerializedString("epoch");
    static final SerializedString RUN_ID = new SerializedString("run_id");
    static final SerializedString THREAD_ID = new SerializedString("thread_id");
    private static final SerializedString TS = new SerializedString("ts");
    private static final SerializedString PAYLOAD = new SerializedString("payload");

    private final ObjectMapper mapper;
    // Payloads go into an envelope still being written: no flush after each one.
    private final ObjectWriter payloadWriter;
    // Per thread, like Jackson's own buffer recycling: the codec is shared by every emitting thread.
    private final ThreadLocal<FrameScratch> scratch;
    // Reads back our own frames for other profiles: none of the inbound limits apply to them.
    private final ObjectMapper renderMapper = new ObjectMapper();

    /** Creates the codec with the protocol's naming (snake_case, lower-case enums). */
    public WireCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_INBOUND_NESTING)
                        .maxNumberLength(MAX_INBOUND_NUMBER_LENGTH)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .defaultPropertyInclusion(JsonInclude.Value.construct(
                        JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
                .build();
        this.payloadWriter = mapper.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        this.scratch = ThreadLocal.withInitial(() -> new FrameScratch(mapper));
    }

    /**
     * Encodes an event envelope, once; the result is shared by every target.
     *
     * @param envelope the envelope
     * @return the frame
     * @throws EventEncodingException if the event's payload cannot be serialized
     */
    public TextFrame encode(Envelope envelope) {
        return encode(envelope, null);
    }

    /**
     * Encodes an event envelope, once, copying the fields {@code ids} holds encoded already when
     * they are the envelope's own; the bytes are the same as {@link #encode(Envelope)}'s.
     *
     * @param envelope the envelope
     * @param ids the encoded ids of the emitter that sends it, or null
     * @return the frame
     * @throws EventEncodingException if the event's payload cannot be serialized
     */
    public TextFrame encode(Envelope envelope, EnvelopeIds ids) {
        AgentEvent event = envelope.event();
        Object payload = event instanceof ApplicationEvent app ? app.payload() : event;
        EnvelopeIds.Encoded encoded = ids != null && envelope.seq() != null && ids.carriedBy(envelope)
                ? ids.forEpoch(envelope.epoch()) : null;
        return write((generator, scratch) -> {
            generator.writeFieldName(TYPE);
            generator.writeString(event.type());
            if (encoded != null) {
                scratch.writeRaw(generator, encoded.bytes(), 0, encoded.streamEnd());
                generator.writeFieldName(SEQ);
                generator.writeNumber(envelope.seq());
                scratch.writeRaw(generator, encoded.bytes(), encoded.streamEnd(),
                        encoded.bytes().length - encoded.streamEnd());
            } else {
                writeIfPresent(generator, STREAM, envelope.stream());
                if (envelope.seq() != null) {
                    generator.writeFieldName(SEQ);
                    generator.writeNumber(envelope.seq());
                }
                writeIfPresent(generator, EPOCH, envelope.epoch());
                writeIfPresent(generator, RUN_ID, envelope.run() == null ? null : envelope.run().value());
                writeIfPresent(generator, THREAD_ID,
                        envelope.thread() == null ? null : envelope.thread().value());
            }
            generator.writeFieldName(TS);
            scratch.writeInstant(generator, envelope.ts());
            generator.writeFieldName(PAYLOAD);
            payloadWriter.writeValue(generator, payload);
        });
    }

    /**
     * Encodes consecutive deltas of one message (or tool call) as one merged frame: its text is
     * theirs, concatenated, and it covers every seq from {@code seqFrom} to {@code seq} (a frame of
     * one delta, {@code seqFrom == seq}, has no {@code seq_from}).
     *
     * @param stream the stream's wire name
     * @param seqFrom the first seq covered
     * @param seq the last seq covered
     * @param epoch the stream's epoch
     * @param run the run, or null
     * @param thread the thread, or null
     * @param ts when the newest delta was sent
     * @param part the message (or tool call); its own text is ignored
     * @param text the concatenated text
     * @return the frame
     */
    public TextFrame mergedDelta(String stream, long seqFrom, long seq, String epoch, RunId run,
            ThreadId thread, Instant ts, MessagePart part, CharSequence text) {
        return write((generator, scratch) -> {
            generator.writeFieldName(TYPE);
            generator.writeString(part.kind().type());
            generator.writeFieldName(STREAM);
            generator.writeString(stream);
            if (seqFrom != seq) {
                generator.writeNumberField("seq_from", seqFrom);
            }
            generator.writeFieldName(SEQ);
            generator.writeNumber(seq);
            generator.writeFieldName(EPOCH);
            generator.writeString(epoch);
            writeIfPresent(generator, RUN_ID, run == null ? null : run.value());
            writeIfPresent(generator, THREAD_ID, thread == null ? null : thread.value());
            generator.writeFieldName(TS);
            scratch.writeInstant(generator, ts);
            generator.writeObjectFieldStart("payload");
            if (part.kind() == MessagePart.Kind.TOOL_CALL_DELTA) {
                generator.writeStringField("tool_call_id", part.id());
                generator.writeStringField("tool_name", part.toolName());
                generator.writeFieldName("arguments_delta");
            } else {
                generator.writeStringField("message_id", part.id());
                generator.writeFieldName("delta");
            }
            generator.writeString(text.toString());
            generator.writeEndObject();
        });
    }

    /**
     * The ids of one emitter's envelopes, encoded once for {@link #encode(Envelope, EnvelopeIds)}.
     *
     * @param stream the stream's wire name, the very instance the envelopes will carry
     * @param run the run, the very instance the envelopes will carry, or null
     * @param thread the thread, the very instance the envelopes will carry, or null
     * @return the encoded ids; thread-safe
     */
    public EnvelopeIds envelopeIds(String stream, RunId run, ThreadId thread) {
        return new EnvelopeIds(stream, run, thread);
    }

    /**
     * A renderer of the AG-UI wire profile, for one connection.
     *
     * @return a new renderer, stateful per connection
     */
    public FrameRenderer agUiRenderer() {
        return new AgUiRenderer(renderMapper);
    }

    /**
     * The first frame of an admitted connection.
     *
     * @param connection the connection's id
     * @param userStream the user's own stream, for the client's cursor bookkeeping
     * @param position where the user stream stood when the connection was admitted (every later
     *     event of it reaches the connection live), or empty if the log could not say
     * @param ts the time of admission
     * @return the frame
     */
    public TextFrame welcome(ConnectionId connection, StreamId userStream,
            Optional<StreamState> position, Instant ts) {
        return write((generator, scratch) -> {
            generator.writeStringField("type", WireTypes.WELCOME);
            generator.writeStringField("connection_id", connection.value());
            generator.writeStringField("user_stream", userStream.wireName());
            if (position.isPresent()) {
                if (position.get().epoch().isPresent()) {
                    generator.writeStringField("user_stream_epoch", position.get().epoch().get());
                }
                generator.writeNumberField("user_stream_last_seq", position.get().lastSeq());
            }
            generator.writeNumberField("protocol", PROTOCOL_VERSION);
            generator.writeFieldName(TS);
            scratch.writeInstant(generator, ts);
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
        return write((generator, scratch) -> {
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
        return write((generator, scratch) -> {
            generator.writeStringField("type", type);
            generator.writeStringField("thread_id", thread.value());
        });
    }

    /**
     * Tells a client its resume of {@code stream} was served in full.
     *
     * @param stream the stream
     * @param replayed how many events were replayed (they precede this frame)
     * @param state the stream's state
     * @return the frame
     */
    public TextFrame recovered(StreamId stream, int replayed, StreamState state) {
        return write((generator, scratch) -> {
            generator.writeStringField("type", WireTypes.RECOVERED);
            generator.writeStringField("stream", stream.wireName());
            generator.writeNumberField("replayed", replayed);
            writeState(generator, state);
        });
    }

    /**
     * Tells a client its resume of {@code stream} cannot be served. For a stream the client may
     * not read, nothing but the name it sent and the reason is said.
     *
     * @param stream the stream
     * @param reason why
     * @param state the stream's state, or null to reveal nothing
     * @return the frame
     */
    public TextFrame recoveryFailed(String stream, GapReason reason, StreamState state) {
        return recoveryFailed(stream, reason, state, List.of());
    }

    /**
     * Tells a client its resume of {@code stream} cannot be served, naming the messages that
     * were still streaming and how much of each it loses.
     *
     * @param stream the stream
     * @param reason why
     * @param state the stream's state, or null to reveal nothing
     * @param openMessages the open messages; ignored when {@code state} is null
     * @return the frame
     */
    public TextFrame recoveryFailed(String stream, GapReason reason, StreamState state,
            List<OpenMessage> openMessages) {
        return write((generator, scratch) -> {
            generator.writeStringField("type", WireTypes.RECOVERY_FAILED);
            generator.writeStringField("stream", stream);
            generator.writeStringField("reason", reason.wireName());
            if (state != null) {
                writeState(generator, state);
                if (!openMessages.isEmpty()) {
                    generator.writeArrayFieldStart("open_messages");
                    for (OpenMessage message : openMessages) {
                        generator.writeStartObject();
                        generator.writeStringField("message_id", message.messageId());
                        writeIfPresent(generator, "run_id",
                                message.run().map(RunId::value).orElse(null));
                        generator.writeNumberField("lost_chars", message.lostChars());
                        generator.writeEndObject();
                    }
                    generator.writeEndArray();
                }
            }
        });
    }

    private static void writeState(JsonGenerator generator, StreamState state) throws IOException {
        writeIfPresent(generator, "epoch", state.epoch().orElse(null));
        generator.writeNumberField("last_seq", state.lastSeq());
        if (state.lastLifecycle().isPresent()) {
            LifecycleMark mark = state.lastLifecycle().get();
            generator.writeObjectFieldStart("last_lifecycle");
            generator.writeStringField("type", mark.type());
            writeIfPresent(generator, "run_id", mark.run().map(RunId::value).orElse(null));
            generator.writeNumberField("seq", mark.seq());
            generator.writeEndObject();
        }
    }

    /**
     * The answer to an application-level ping.
     *
     * @return the frame
     */
    public TextFrame pong() {
        return write((generator, scratch) -> generator.writeStringField("type", WireTypes.PONG));
    }

    /**
     * Reads where an encoded event sits in its stream, from the envelope's first fields (the
     * payload is read for a delta only). For frames that come back from other instances of a
     * cluster.
     *
     * @param frame a frame this codec encoded
     * @return the stream position, or empty for a frame outside any stream
     */
    public Optional<StreamPosition> streamPosition(TextFrame frame) {
        String type = null;
        String stream = null;
        String epoch = null;
        String run = null;
        String ts = null;
        long seq = -1;
        long seqFrom = -1;
        MessagePart part = null;
        try (JsonParser parser = mapper.createParser(new ByteBufferBackedInputStream(frame.asByteBuffer()))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("payload".equals(field)) {
                    part = value == JsonToken.START_OBJECT ? deltaPart(type, parser) : null;
                    break;
                }
                if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_INT) {
                    parser.skipChildren();
                    continue;
                }
                switch (field) {
                    case "type" -> type = parser.getText();
                    case "stream" -> stream = parser.getText();
                    case "epoch" -> epoch = parser.getText();
                    case "run_id" -> run = parser.getText();
                    case "ts" -> ts = parser.getText();
                    case "seq" -> seq = value == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                    case "seq_from" -> seqFrom = value == JsonToken.VALUE_NUMBER_INT
                            ? parser.getLongValue() : -1;
                    default -> {
                        // Not needed to place the frame.
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (stream == null || epoch == null || seq < 1) {
            return Optional.empty();
        }
        long first = seqFrom < 1 || seqFrom > seq ? seq : seqFrom;
        try {
            Optional<StreamPosition.Delta> delta = part == null || ts == null ? Optional.empty()
                    : Optional.of(new StreamPosition.Delta(part,
                            Optional.ofNullable(run).map(RunId::of), Instant.parse(ts)));
            return Optional.of(new StreamPosition(StreamId.parse(stream), epoch, first, seq, delta));
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    // The payload of a delta frame as a message part; null for any other frame.
    private static MessagePart deltaPart(String type, JsonParser parser) throws IOException {
        boolean message = MessagePart.Kind.MESSAGE_DELTA.type().equals(type);
        if (!message && !MessagePart.Kind.TOOL_CALL_DELTA.type().equals(type)) {
            return null;
        }
        String id = null;
        String tool = null;
        String text = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                parser.skipChildren();
                continue;
            }
            switch (field) {
                case "message_id", "tool_call_id" -> id = parser.getText();
                case "tool_name" -> tool = parser.getText();
                case "delta", "arguments_delta" -> text = parser.getText();
                default -> {
                    // Not part of the delta.
                }
            }
        }
        if (id == null || text == null || text.isEmpty() || (!message && tool == null)) {
            return null;
        }
        return message ? new MessagePart(MessagePart.Kind.MESSAGE_DELTA, id, null, text)
                : new MessagePart(MessagePart.Kind.TOOL_CALL_DELTA, id, tool, text);
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
                return new ClientFrame.Subscribe(requiredThread(root),
                        root.has("seq") || root.has("epoch")
                                ? Optional.of(position(root)) : Optional.empty());
            case WireTypes.HELLO:
            case WireTypes.RESUME:
                return resume(root);
            case WireTypes.ACK:
                return new ClientFrame.Ack(stream(root.get("stream")), position(root).seq());
            case WireTypes.UNSUBSCRIBE:
                return new ClientFrame.Unsubscribe(requiredThread(root));
            case WireTypes.MESSAGE:
                return message(root);
            case WireTypes.PING:
                return new ClientFrame.Ping();
            case WireTypes.CANCEL:
                return new ClientFrame.Cancel(requiredRun(root));
            case WireTypes.APPROVAL:
                return approval(root);
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

    private static ClientFrame.Resume resume(JsonNode root) throws FrameRejected {
        JsonNode streams = root.get("streams");
        if (streams == null) {
            return new ClientFrame.Resume(List.of());
        }
        if (!streams.isArray() || streams.size() > MAX_CURSORS) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME,
                    "'streams' must be an array of at most " + MAX_CURSORS + " cursors");
        }
        List<StreamCursor> cursors = new ArrayList<>();
        Set<StreamId> seen = new HashSet<>();
        for (JsonNode cursor : streams) {
            if (!cursor.isObject()) {
                throw new FrameRejected(ErrorCodes.INVALID_FRAME, "a cursor must be an object");
            }
            StreamId stream = stream(cursor.get("stream"));
            if (!seen.add(stream)) {
                throw new FrameRejected(ErrorCodes.INVALID_FRAME, "a stream is named twice");
            }
            ClientFrame.Position position = position(cursor);
            cursors.add(new StreamCursor(stream, position.epoch(), position.seq()));
        }
        return new ClientFrame.Resume(cursors);
    }

    private static StreamId stream(JsonNode name) throws FrameRejected {
        if (name == null || !name.isTextual()) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME, "missing string 'stream'");
        }
        try {
            return StreamId.parse(name.textValue());
        } catch (IllegalArgumentException e) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME, "'stream' is not a stream name");
        }
    }

    private static ClientFrame.Position position(JsonNode node) throws FrameRejected {
        JsonNode seq = node.get("seq");
        if (seq == null || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.longValue() < 0) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME, "'seq' must be a non-negative integer");
        }
        JsonNode epoch = node.get("epoch");
        if (epoch == null || epoch.isNull()) {
            return new ClientFrame.Position(Optional.empty(), seq.longValue());
        }
        if (!epoch.isTextual() || epoch.textValue().isEmpty() || epoch.textValue().length() > 64) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME, "'epoch' must be a short string");
        }
        return new ClientFrame.Position(Optional.of(epoch.textValue()), seq.longValue());
    }

    private static ClientFrame.Approval approval(JsonNode root) throws FrameRejected {
        JsonNode request = root.get("request_id");
        if (request == null || !request.isTextual() || request.textValue().isEmpty()
                || request.textValue().length() > MAX_REQUEST_ID_LENGTH) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME,
                    "'request_id' must be a string of 1 to " + MAX_REQUEST_ID_LENGTH + " characters");
        }
        JsonNode decision = root.get("decision");
        ApprovalDecided.Decision decided;
        if (decision != null && "approved".equals(decision.textValue())) {
            decided = ApprovalDecided.Decision.APPROVED;
        } else if (decision != null && "rejected".equals(decision.textValue())) {
            decided = ApprovalDecided.Decision.REJECTED;
        } else {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME,
                    "'decision' must be \"approved\" or \"rejected\"");
        }
        JsonNode comment = root.get("comment");
        if (comment != null && !comment.isNull()
                && (!comment.isTextual() || comment.textValue().length() > MAX_COMMENT_LENGTH)) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME,
                    "'comment' must be a string of at most " + MAX_COMMENT_LENGTH + " characters");
        }
        return new ClientFrame.Approval(request.textValue(), decided,
                comment == null || comment.isNull() ? Optional.empty()
                        : Optional.of(comment.textValue()));
    }

    private static RunId requiredRun(JsonNode root) throws FrameRejected {
        JsonNode run = root.get("run_id");
        if (run == null || !run.isTextual()) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME, "frame has no string 'run_id'");
        }
        try {
            return RunId.of(run.textValue());
        } catch (IllegalArgumentException e) {
            throw new FrameRejected(ErrorCodes.INVALID_FRAME, "'run_id' is not a valid run id");
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

    private static void writeIfPresent(JsonGenerator generator, SerializedString field, String value)
            throws IOException {
        if (value != null) {
            generator.writeFieldName(field);
            generator.writeString(value);
        }
    }

    private TextFrame write(ObjectBody body) {
        FrameScratch frame = scratch.get();
        if (frame.busy()) {
            // A payload serializer that writes a frame of its own: not with the generator in use.
            frame = new FrameScratch(mapper);
        }
        try {
            JsonGenerator generator = frame.begin();
            generator.writeStartObject();
            body.writeTo(generator, frame);
            generator.writeEndObject();
            return TextFrame.ofUtf8(frame.finish());
        } catch (JsonProcessingException e) {
            frame.abandon();
            throw new EventEncodingException(e);
        } catch (IOException e) {
            frame.abandon();
            throw new UncheckedIOException("writing to memory failed", e);
        } catch (RuntimeException | Error e) {
            frame.abandon();
            throw e;
        }
    }

    @FunctionalInterface
    private interface ObjectBody {
        void writeTo(JsonGenerator generator, FrameScratch scratch) throws IOException;
    }
}
