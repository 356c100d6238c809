package io.switchboard.core.internal.wire;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes an {@link Instant} as {@link Instant#toString()} does (ISO-8601, UTC, the fraction in
 * zero, three, six or nine digits), character for character, into a buffer it keeps: the
 * envelope's {@code ts} is written once per event, and {@code Instant.toString} builds a
 * formatter context and two strings each time. The date and time of day are recomputed only
 * when the second changes. Not thread-safe: one per thread.
 */
final class InstantText {

    // 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: four-digit years, written here; any other
    // year takes Instant.toString's own form (a sign, more digits).
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long LAST_SECOND = 253_402_300_799L;
    private static final int PREFIX_LENGTH = "yyyy-MM-ddTHH:mm:ss".length();

    private char[] chars = new char[PREFIX_LENGTH + ".nnnnnnnnnZ".length()];
    private long second = Long.MIN_VALUE;

    /**
     * Writes {@code instant} into {@link #chars()}.
     *
     * @param instant the instant
     * @return how many characters of {@link #chars()} it takes
     */
    int format(Instant instant) {
        long epochSecond = instant.getEpochSecond();
        if (epochSecond < FIRST_SECOND || epochSecond > LAST_SECOND) {
            String text = instant.toString();
            if (text.length() > chars.length) {
                chars = new char[text.length()];
            }
            text.getChars(0, text.length(), chars, 0);
            second = Long.MIN_VALUE;
            return text.length();
        }
        if (epochSecond != second) {
            writePrefix(LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC));
            second = epochSecond;
        }
        int length = PREFIX_LENGTH;
        int nano = instant.getNano();
        if (nano > 0) {
            chars[length++] = '.';
            if (nano % 1_000_000 == 0) {
                length = digits(nano / 1_000_000, 3, length);
            } else if (nano % 1_000 == 0) {
                length = digits(nano / 1_000, 6, length);
            } else {
                length = digits(nano, 9, length);
            }
        }
        chars[length++] = 'Z';
        return length;
    }

    /**
     * The buffer {@link #format} wrote; valid until its next call.
     *
     * @return the characters
     */
    char[] chars() {
        return chars;
    }

    private void writePrefix(LocalDateTime time) {
        digits(time.getYear(), 4, 0);
        chars[4] = '-';
        digits(time.getMonthValue(), 2, 5);
        chars[7] = '-';
        digits(time.getDayOfMonth(), 2, 8);
        chars[10] = 'T';
        digits(time.getHour(), 2, 11);
        chars[13] = ':';
        digits(time.getMinute(), 2, 14);
        chars[16] = ':';
        digits(time.getSecond(), 2, 17);
    }

    // Writes value as exactly count decimal digits, zero-padded, at offset; returns the end.
    private int digits(int value, int count, int offset) {
        int rest = value;
        for (int i = offset + count - 1; i >= offset; i--) {
            chars[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        return offset + count;
    }
}
