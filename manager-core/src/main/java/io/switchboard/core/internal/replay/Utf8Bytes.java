package io.switchboard.core.internal.replay;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array holding UTF-8 text and small unsigned varints: how a stream log keeps a
 * message's text once, in about as many bytes as the text has. Grows by a quarter, so at most a
 * fifth of it is ever unused. Not thread-safe: its stream log guards it.
 */
final class Utf8Bytes {

    private static final int INITIAL = 32;

    private byte[] bytes = new byte[INITIAL];
    private int size;

    int size() {
        return size;
    }

    /** What this costs in memory: the array and its header. */
    long footprint() {
        return bytes.length + 16L;
    }

    /**
     * Appends {@code text} as UTF-8 (a lone surrogate becomes {@code ?}, as in
     * {@link String#getBytes}), with no intermediate array.
     *
     * @return how many bytes were appended
     */
    int appendUtf8(String text) {
        int start = size;
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                put(c);
            } else if (c < 0x800) {
                put(0xC0 | (c >> 6));
                put(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                put(0xF0 | (cp >> 18));
                put(0x80 | ((cp >> 12) & 0x3F));
                put(0x80 | ((cp >> 6) & 0x3F));
                put(0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                put('?');
            } else {
                put(0xE0 | (c >> 12));
                put(0x80 | ((c >> 6) & 0x3F));
                put(0x80 | (c & 0x3F));
            }
        }
        return size - start;
    }

    /** Appends a non-negative int in 7-bit groups, low first: one byte below 128. */
    void appendVarint(int value) {
        int rest = value;
        while (rest >= 0x80) {
            put(0x80 | (rest & 0x7F));
            rest >>>= 7;
        }
        put(rest);
    }

    /**
     * Reads the varint at {@code position[0]} and moves the position past it.
     *
     * @param position a one-element array holding the read position
     * @return the value
     */
    int readVarint(int[] position) {
        int value = 0;
        int shift = 0;
        while (true) {
            int b = bytes[position[0]++];
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }

    /** Decodes {@code [from, to)} as UTF-8. */
    String text(int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    /** How many UTF-16 code units {@code [from, to)} decodes to, without decoding it. */
    long utf16Length(int from, int to) {
        long units = 0;
        for (int i = from; i < to; i++) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80 || (b >= 0xC0 && b < 0xF0)) {
                units++;
            } else if (b >= 0xF0) {
                units += 2; // a supplementary code point is a surrogate pair
            }
        }
        return units;
    }

    private void put(int b) {
        if (size == bytes.length) {
            ensure(1);
        }
        bytes[size++] = (byte) b;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            int grown = Math.max(size + more, bytes.length + Math.max(INITIAL, bytes.length / 4));
            bytes = Arrays.copyOf(bytes, grown);
        }
    }
}
