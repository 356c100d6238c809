package io.switchboard.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * The id check, written as a character loop, accepts exactly the strings the documented character
 * set {@code [A-Za-z0-9._:@/-]} matches, at any length up to the bound.
 */
class IdRulesProperties {

    private static final Pattern DOCUMENTED = Pattern.compile("[A-Za-z0-9._:@/-]+");

    @Property(tries = 2000)
    @Label("near the edges of the set: accepted exactly when the documented set matches")
    void edgesOfTheSet(@ForAll @StringLength(min = 1, max = 40)
            @Chars({'a', 'z', 'A', 'Z', '0', '9', '.', '_', ':', '@', '/', '-',
                ' ', '#', '`', '{', '[', '^', '\\', '+', ',', ';', '\u00fc', '\n', '\u007f'})
            String value) {
        assertThat(accepted(value)).isEqualTo(DOCUMENTED.matcher(value).matches());
    }

    @Property(tries = 2000)
    @Label("any string: accepted exactly when the documented set matches")
    void anyString(@ForAll @StringLength(min = 1, max = IdRules.MAX_LENGTH) String value) {
        assertThat(accepted(value)).isEqualTo(DOCUMENTED.matcher(value).matches());
    }

    private static boolean accepted(String value) {
        try {
            IdRules.require("id", value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
