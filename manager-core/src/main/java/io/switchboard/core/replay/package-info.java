/**
 * Streams, cursors and the replay log: how a client that reconnects receives exactly the events it
 * missed, in order, or is told explicitly why it cannot.
 */
package io.switchboard.core.replay;
