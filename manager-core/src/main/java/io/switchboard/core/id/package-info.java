/**
 * Validated identifiers: users, connections, threads, runs and rooms. Each is a record that rejects
 * a bad value at construction with an {@link java.lang.IllegalArgumentException} naming it.
 */
package io.switchboard.core.id;
