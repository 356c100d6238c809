package io.switchboard.spring.boot.app;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.emit.AgentEmitter;
import io.switchboard.core.event.MessageKind;
import io.switchboard.core.handshake.AuthenticationResult;
import io.switchboard.core.id.RunId;
import io.switchboard.core.id.UserId;
import io.switchboard.core.spi.InboundMessageHandler;
import io.switchboard.spring.boot.SwitchboardAuthenticator;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The application the starter's tests run: Spring Security with HTTP Basic users, an agent that
 * answers every client {@code message} with a short streamed run, and an authenticator that takes
 * Spring Security's principal or, on standalone servers (no filter chain), a test bearer token.
 */
@SpringBootApplication
public class TestApplication {

    /** The test token prefix standalone servers accept: {@code Bearer user:<id>}. */
    public static final String TEST_TOKEN = "Bearer user:";

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/ws", "/agent", "/actuator/**").permitAll()
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice").password("{noop}alice-secret").roles("USER").build(),
                User.withUsername("bob").password("{noop}bob-secret").roles("USER").build());
    }

    @Bean
    SwitchboardAuthenticator authenticator() {
        SwitchboardAuthenticator principals = SwitchboardAuthenticator.principalName();
        return (request, principal) -> principal.isPresent()
                ? principals.authenticate(request, principal)
                : request.header("Authorization").filter(value -> value.startsWith(TEST_TOKEN))
                        .map(value -> AuthenticationResult.authenticated(
                                UserId.of(
                                        value.substring(TEST_TOKEN.length()))))
                        .orElseGet(() -> AuthenticationResult.unauthorized("no credentials"));
    }

    @Bean
    CountingTracing tracing() {
        return new CountingTracing();
    }

    /** Answers a message on a thread with a run: started, a streamed text message, completed. */
    @Bean
    InboundMessageHandler agent(ObjectProvider<WebSocketManager> manager) {
        AtomicInteger runs = new AtomicInteger();
        return message -> {
            String thread = message.thread().orElseThrow().value();
            AgentEmitter run = manager.getObject().emitter(message.user(),
                    message.thread().get(), RunId.of(thread + "-run-" + runs.incrementAndGet()));
            run.started("echo");
            run.messageStarted("m1", MessageKind.TEXT);
            run.messageDelta("m1", "Hello, ");
            run.messageDelta("m1", message.user().value());
            run.messageCompleted("m1");
            run.completed("Hello, " + message.user().value());
        };
    }
}
