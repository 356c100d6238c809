/**
 * The manager port and its values: {@link io.switchboard.core.WebSocketManager} (the one place
 * where connections live, built by {@link io.switchboard.core.WebSocketManager#builder()}), its
 * configuration ({@link io.switchboard.core.ManagerConfig}), what every send returns
 * ({@link io.switchboard.core.SendOutcome}), the close codes it uses
 * ({@link io.switchboard.core.CloseReason}) and its stats snapshot
 * ({@link io.switchboard.core.ManagerStats}). Sub-packages hold ids, events, the emitter, the
 * replay and cluster ports and the transport SPI.
 */
package io.switchboard.core;
