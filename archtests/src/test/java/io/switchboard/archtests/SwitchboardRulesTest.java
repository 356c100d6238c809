package io.switchboard.archtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.switchboard.core.WebSocketManager;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SwitchboardRules, the public API")
class SwitchboardRulesTest {

    @Test
    @DisplayName("offers the seven rules as public static final @ArchTest fields")
    void sevenArchTestFields() {
        List<Field> rules = ruleFields();

        assertThat(rules).extracting(Field::getName).containsExactlyInAnyOrder(
                "AT_MOST_ONE_MANAGER_IMPLEMENTATION", "NO_MANAGER_NAMES_OUTSIDE_CORE",
                "CORE_FREE_OF_TRANSPORT_LIBRARIES", "CORE_KNOWS_NO_FRAMEWORK", "ADAPTERS_INDEPENDENT",
                "NO_MUTABLE_STATIC_STATE", "TRANSPORT_TYPES_ONLY_IN_THEIR_ADAPTER");
        assertThat(rules).allSatisfy(field -> {
            assertThat(field.isAnnotationPresent(ArchTest.class)).as(field.getName()).isTrue();
            assertThat(Modifier.isFinal(field.getModifiers())).as(field.getName()).isTrue();
        });
    }

    @Test
    @DisplayName("gives every rule, fields and factories, a description and a reason")
    void everyRuleExplainsItself() throws IllegalAccessException {
        for (ArchRule rule : allRules()) {
            assertThat(rule.getDescription()).contains(", because ").doesNotStartWith("classes ")
                    .doesNotStartWith("no classes ").doesNotStartWith("fields ");
        }
    }

    @Test
    @DisplayName("points the rules at the real port and its real implementation")
    void realLayout() throws ClassNotFoundException {
        Layout layout = Layout.aroundPort(WebSocketManager.class);

        assertThat(layout.root()).isEqualTo("io.switchboard");
        assertThat(layout.port()).isEqualTo(WebSocketManager.class.getName());
        assertThat(Class.forName(layout.implementation())).isNotNull();
        assertThat(Stream.of(TransportLibrary.values()).map(TransportLibrary::adapter))
                .containsExactlyInAnyOrder("transport.undertow", "transport.netty",
                        "transport.jakarta", "scaling.redis");
    }

    @Test
    @DisplayName("refuses a port outside a core package")
    void portOutsideCore() {
        assertThatThrownBy(() -> Layout.aroundPort(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    @Test
    @DisplayName("names the exempted wiring packages in the parameterised transport rule")
    void wiringInDescription() {
        assertThat(SwitchboardRules.transportTypesOnlyInTheirAdapter("com.acme.wiring..")
                .getDescription())
                .startsWith("transport library types are used only inside their adapter (wiring in"
                        + " io.switchboard.examples.., io.switchboard.spring.boot..,"
                        + " com.acme.wiring.. may use them all)");
    }

    private static List<Field> ruleFields() {
        return Arrays.stream(SwitchboardRules.class.getDeclaredFields())
                .filter(field -> field.getType() == ArchRule.class)
                .filter(field -> Modifier.isPublic(field.getModifiers()))
                .filter(field -> Modifier.isStatic(field.getModifiers()))
                .collect(Collectors.toList());
    }

    private static List<ArchRule> allRules() throws IllegalAccessException {
        List<ArchRule> rules = new java.util.ArrayList<>();
        for (Field field : ruleFields()) {
            rules.add((ArchRule) field.get(null));
        }
        rules.add(SwitchboardRules.exactlyOneManagerImplementation());
        rules.add(SwitchboardRules.transportTypesOnlyInTheirAdapter("com.acme.wiring.."));
        rules.add(SwitchboardRules.noMutableStaticStateIn("com.acme.."));
        return rules;
    }
}
