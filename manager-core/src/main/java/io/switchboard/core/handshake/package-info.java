/**
 * The handshake SPI every transport enforces alike: {@link
 * io.switchboard.core.handshake.Authenticator} (the application resolves the user from the upgrade
 * request), {@link io.switchboard.core.handshake.OriginPolicy} (exact-match allow-list) and {@link
 * io.switchboard.core.handshake.TransportSettings} (path, sizes, timeouts).
 */
package io.switchboard.core.handshake;
