package io.switchboard.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * The {@code Host} check that decides whether an absolute URI is rebuilt from it, written as a
 * character loop, accepts exactly what its documented form matches: a name or IPv4 address, or a
 * bracketed IPv6 address, then at most a colon and one to five digits.
 */
class HostCheckProperties {

    private static final Pattern DOCUMENTED =
            Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

    @Property(tries = 3000)
    @Label("near the edges of the form: accepted exactly when the documented form matches")
    void edgesOfTheForm(@ForAll @StringLength(min = 0, max = 24)
            @Chars({'a', 'Z', 'f', 'G', '0', '9', '.', '-', ':', '[', ']', '/', '?', '#', '@', ' ',
                '%', '\u00e9', '\u0660'})
            String host) {
        assertThat(HandshakeHandler.isHost(host)).isEqualTo(DOCUMENTED.matcher(host).matches());
    }

    @Property(tries = 2000)
    @Label("any string: accepted exactly when the documented form matches")
    void anyString(@ForAll @StringLength(max = 64) String host) {
        assertThat(HandshakeHandler.isHost(host)).isEqualTo(DOCUMENTED.matcher(host).matches());
    }

    @Example
    @Label("plain authorities pass, anything that could carry a path, query or user does not")
    void examples() {
        assertThat(HandshakeHandler.isHost("127.0.0.1:8080")).isTrue();
        assertThat(HandshakeHandler.isHost("[::1]:443")).isTrue();
        assertThat(HandshakeHandler.isHost("chat.example.com")).isTrue();
        assertThat(HandshakeHandler.isHost("evil.example/ws?user=bob")).isFalse();
        assertThat(HandshakeHandler.isHost("bob@evil.example")).isFalse();
        assertThat(HandshakeHandler.isHost("host:123456")).isFalse();
        assertThat(HandshakeHandler.isHost("[]")).isFalse();
        assertThat(HandshakeHandler.isHost("")).isFalse();
    }
}
