/**
 * The service provider interface: what transports implement ({@link
 * io.switchboard.core.spi.Connection}), what modules observe ({@link
 * io.switchboard.core.spi.ConnectionObserver}) and what applications supply to receive client
 * messages ({@link io.switchboard.core.spi.InboundMessageHandler}).
 */
package io.switchboard.core.spi;
