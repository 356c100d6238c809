package io.switchboard.spring.boot;

import io.switchboard.core.WebSocketManager;
import io.switchboard.core.handshake.TransportSettings;
import io.switchboard.transport.jakarta.SwitchboardJakarta;
import jakarta.servlet.ServletContext;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.util.concurrent.Executor;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.context.ServletContextAware;

/**
 * Deploys the Jakarta adapter's endpoint on the embedded servlet container's WebSocket container
 * (Tomcat's or Jetty's), which the container has set up by the time singletons are initialized.
 */
final class ServletEndpoint implements ServletContextAware, SmartInitializingSingleton {

    private static final String SERVER_CONTAINER = ServerContainer.class.getName();

    private final WebSocketManager manager;
    private final TransportSettings settings;
    private final Executor blockingCalls;
    private ServletContext servletContext;

    ServletEndpoint(WebSocketManager manager, TransportSettings settings, Executor blockingCalls) {
        this.manager = manager;
        this.settings = settings;
        this.blockingCalls = blockingCalls;
    }

    @Override
    public void setServletContext(ServletContext context) {
        this.servletContext = context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Object container = servletContext == null ? null
                : servletContext.getAttribute(SERVER_CONTAINER);
        if (!(container instanceof ServerContainer serverContainer)) {
            throw new IllegalStateException("the embedded server has no Jakarta WebSocket"
                    + " container (servlet context attribute " + SERVER_CONTAINER + "): add its"
                    + " WebSocket support (Tomcat: tomcat-embed-websocket, which"
                    + " spring-boot-starter-tomcat brings), or set switchboard.transport.type"
                    + " to undertow or netty");
        }
        try {
            serverContainer.addEndpoint(
                    SwitchboardJakarta.endpointConfig(manager, settings, blockingCalls));
        } catch (DeploymentException e) {
            throw new IllegalStateException(
                    "could not deploy the Switchboard endpoint at " + settings.path(), e);
        }
    }
}
