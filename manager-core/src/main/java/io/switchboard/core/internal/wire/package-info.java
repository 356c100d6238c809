/**
 * Internal: the JSON codec of wire protocol v1. May change without notice; not exported.
 */
package io.switchboard.core.internal.wire;
