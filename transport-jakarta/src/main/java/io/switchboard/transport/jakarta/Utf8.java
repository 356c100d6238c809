package io.switchboard.transport.jakarta;

/** UTF-8 sizes without encoding: containers bound text messages in characters, the settings in bytes. */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Whether {@code text} takes more than {@code maxBytes} bytes in UTF-8.
     *
     * @param text the text
     * @param maxBytes the limit
     * @return {@code true} if the encoded text is larger than the limit
     */
    static boolean exceeds(String text, int maxBytes) {
        int length = text.length();
        // A UTF-16 unit takes 1 to 3 bytes (a surrogate pair 4 in all): decide most texts at once.
        if ((long) length * 3 <= maxBytes) {
            return false;
        }
        if (length > maxBytes) {
            return true;
        }
        long bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                bytes += 2;
            } else {
                bytes += 3;
            }
            if (bytes > maxBytes) {
                return true;
            }
        }
        return false;
    }
}
