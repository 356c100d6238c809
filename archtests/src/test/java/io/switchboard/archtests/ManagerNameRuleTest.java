package io.switchboard.archtests;

import static io.switchboard.archtests.Fixtures.classes;
import static io.switchboard.archtests.Fixtures.layout;
import static io.switchboard.archtests.Fixtures.root;
import static io.switchboard.archtests.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Rule 2: no class outside core named like a manager of connections")
class ManagerNameRuleTest {

    @Test
    @DisplayName("flags exactly the look-alikes outside core, nested ones and interfaces included")
    void flagsLookAlikes() {
        String app = root("names") + ".app";
        String pattern = ManagerRules.MANAGER_NAME.pattern();

        assertThat(violations(ManagerRules.noManagerNamesOutsideCore(layout("names")),
                classes("names"))).containsExactlyInAnyOrder(
                "Class <" + app + ".ChatSessionManager> has a simple name matching '" + pattern
                        + "' in (ChatSessionManager.java:0)",
                "Class <" + app + ".ConnectionManager> has a simple name matching '" + pattern
                        + "' in (ConnectionManager.java:0)",
                "Class <" + app + ".Liveness$HeartbeatManager> has a simple name matching '"
                        + pattern + "' in (Liveness.java:0)",
                "Class <" + app + ".WebSocketManagerImpl> has a simple name matching '" + pattern
                        + "' in (WebSocketManagerImpl.java:0)",
                "Class <" + app + ".WsManager> has a simple name matching '" + pattern
                        + "' in (WsManager.java:0)");
    }

    @ParameterizedTest(name = "{0} is a manager name")
    @ValueSource(strings = {"ConnectionManager", "WebSocketManager", "WebsocketManager",
        "MockWebSocketManager", "SocketManager", "UserSessionManager", "WsManager", "WSManager",
        "HeartbeatManager", "ScalingManager", "AgentEventManager", "EventEmitterManager",
        "WebSocketManagerImpl"})
    void managerNames(String name) {
        assertThat(ManagerRules.MANAGER_NAME.matcher(name).matches()).isTrue();
    }

    @ParameterizedTest(name = "{0} is not a manager name")
    @ValueSource(strings = {"TaskManager", "Manager", "ManagerConfig", "ConnectionManagerFactory",
        "ConnectionRegistry", "HeartbeatScheduler", "EventEmitter", "WebSocketManagers"})
    void otherNames(String name) {
        assertThat(ManagerRules.MANAGER_NAME.matcher(name).matches()).isFalse();
    }
}
