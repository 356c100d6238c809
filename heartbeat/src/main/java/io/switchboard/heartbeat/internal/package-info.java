/**
 * Internal: the heartbeat's state machine and timer. May change without notice; not exported.
 */
package io.switchboard.heartbeat.internal;
