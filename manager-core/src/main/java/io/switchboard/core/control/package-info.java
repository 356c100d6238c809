/**
 * Client control of runs: a user's {@code cancel} and {@code approval} frames, authorized by the
 * manager against the run's owner and handed to the application's
 * {@link io.switchboard.core.control.RunControl}.
 */
package io.switchboard.core.control;
