/**
 * Switchboard's Spring Boot 4.0 starter: {@link
 * io.switchboard.spring.boot.SwitchboardAutoConfiguration} builds the manager from {@link
 * io.switchboard.spring.boot.SwitchboardProperties} ({@code switchboard.*}) and serves it; {@link
 * io.switchboard.spring.boot.SwitchboardAuthenticator} is the application's hook that decides who
 * connects. Everything else here is package-private and may change without notice.
 */
package io.switchboard.spring.boot;
