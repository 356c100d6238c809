package io.switchboard.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.SendOutcome;
import io.switchboard.core.id.UserId;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The handshake: who connects is decided from headers and cookies, before any upgrade. */
abstract class AuthenticationCases extends KitCases {

    AuthenticationCases(ServerStarter starter) {
        super(starter);
    }

    @Test
    @DisplayName("a bearer token in the Authorization header connects its user, with the authenticator's attributes")
    void bearerToken() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder alice = deployment.client().bearer("alice").connect();
        alice.awaitWelcome();

        assertReachesOnly(deployment, "alice", alice);
        assertThat(deployment.observer().connection(alice.connectionId()).attributes())
                .containsEntry(KitAuthenticator.CREDENTIAL_ATTRIBUTE, "bearer");
    }

    @Test
    @DisplayName("a session cookie connects its user")
    void sessionCookie() throws Exception {
        Deployment deployment = deploy();
        WebSocketRecorder bob = deployment.client().cookie("session", "bob").connect();
        bob.awaitWelcome();

        assertReachesOnly(deployment, "bob", bob);
        assertThat(deployment.observer().connection(bob.connectionId()).attributes())
                .containsEntry(KitAuthenticator.CREDENTIAL_ATTRIBUTE, "cookie");
    }

    @Test
    @DisplayName("a request without credentials is refused with 401 before the upgrade")
    void missingCredentials() throws Exception {
        Deployment deployment = deploy();

        assertThat(deployment.client().connectExpectingRejection()).isEqualTo(401);
        assertThat(deployment.manager().stats().connections()).isZero();
    }

    @Test
    @DisplayName("a credential of another scheme is refused with 401")
    void unsupportedScheme() throws Exception {
        Deployment deployment = deploy();

        int status = deployment.client().header("Authorization", "Basic YWxpY2U6c2VjcmV0")
                .connectExpectingRejection();

        assertThat(status).isEqualTo(401);
        assertThat(deployment.manager().stats().connections()).isZero();
    }

    @Test
    @DisplayName("a valid credential of a user who may not connect is refused with 403")
    void forbiddenUser() throws Exception {
        Deployment deployment = deploy();

        assertThat(deployment.client().bearer(KitAuthenticator.BANNED).connectExpectingRejection())
                .isEqualTo(403);
        assertThat(deployment.manager().stats().connections()).isZero();
    }

    @Test
    @DisplayName("a user id in the query string authenticates nobody: 401")
    void queryStringIsNotACredential() throws Exception {
        Deployment deployment = deploy();
        URI withUser = URI.create(deployment.uri() + "?user=alice&user_id=alice");

        assertThat(deployment.client(withUser).connectExpectingRejection()).isEqualTo(401);
        assertThat(deployment.manager().stats().connections()).isZero();
    }

    @Test
    @DisplayName("a user id in the query string does not override the authenticated user")
    void queryStringDoesNotOverride() throws Exception {
        Deployment deployment = deploy();
        URI claimingBob = URI.create(deployment.uri() + "?user=bob&user_id=bob");
        WebSocketRecorder alice = deployment.client(claimingBob).bearer("alice").connect();
        alice.awaitWelcome();

        SendOutcome toBob = deployment.manager().sendToUser(UserId.of("bob"),
                KitEvents.tagged("bob", "query", 1));

        assertThat(toBob.queuedLocal()).as("connections of bob").isZero();
        assertReachesOnly(deployment, "alice", alice);
    }

    // Sends to the user and checks that this client receives it as its next frame.
    private static void assertReachesOnly(Deployment deployment, String user,
            WebSocketRecorder client) {
        SendOutcome outcome = deployment.manager().sendToUser(UserId.of(user),
                KitEvents.tagged(user, "auth", 1));
        assertThat(outcome.queuedLocal()).as("connections of " + user).isEqualTo(1);
        assertThat(client.nextFrame(KitEvents.TAGGED).at("/payload/for").asText())
                .isEqualTo(user);
    }
}
