package io.switchboard.core.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

/**
 * The upgrade rules' two character-level checks, written as loops, decide exactly as their
 * definitions: a {@code Sec-WebSocket-Key} is what the JDK's base64 decoder turns into 16 bytes; a
 * header lists a token when one of its comma-separated parts, trimmed and in lower case, is it.
 */
class UpgradeRulesProperties {

    @Property(tries = 3000)
    @Label("a key is accepted exactly when it decodes to 16 bytes")
    void keyAsTheDecoderSees(@ForAll @StringLength(min = 20, max = 26)
            @Chars({'A', 'Q', 'g', 'w', 'z', '0', '9', '+', '/', '=', '-', '_', ' ', '*'})
            String key) {
        assertThat(UpgradeRules.isNonce(key)).isEqualTo(decodesTo16(key));
    }

    @Property(tries = 2000)
    @Label("22 base64 characters and \"==\" are accepted whatever the last character's unused bits")
    void anyTwentyTwoCharacters(@ForAll @StringLength(22)
            @CharRange(from = 'A', to = 'Z') @CharRange(from = 'a', to = 'z')
            @CharRange(from = '0', to = '9') @Chars({'+', '/'}) String data) {
        String key = data + "==";
        assertThat(UpgradeRules.isNonce(key)).isTrue();
        assertThat(decodesTo16(key)).isTrue();
    }

    @Property(tries = 3000)
    @Label("a token is found exactly when a trimmed, lower-cased part equals it (ASCII values)")
    void tokenAsSplitAndTrimmed(@ForAll @StringLength(max = 30)
            @Chars({'u', 'P', 'g', 'R', 'a', 'D', 'e', 'x', ',', ' ', '\t'}) String value) {
        assertThat(UpgradeRules.hasToken(List.of(value), "upgrade"))
                .isEqualTo(splitTrimLower(value, "upgrade"));
    }

    @Example
    @Label("only ASCII letters fold: the Kelvin sign does not pass for a k")
    void asciiFoldingOnly() {
        assertThat(UpgradeRules.hasToken(List.of("keep-alive, Upgrade"), "upgrade")).isTrue();
        assertThat(UpgradeRules.hasToken(List.of("WebSocket"), "websocket")).isTrue();
        assertThat(UpgradeRules.hasToken(List.of("websoc\u212Aet"), "websocket")).isFalse();
        assertThat(UpgradeRules.hasToken(List.of("upgrades", "up grade"), "upgrade")).isFalse();
    }

    private static boolean decodesTo16(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean splitTrimLower(String value, String token) {
        for (String part : value.split(",", -1)) {
            if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                return true;
            }
        }
        return false;
    }
}
