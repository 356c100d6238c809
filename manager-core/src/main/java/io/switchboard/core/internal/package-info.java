/**
 * Internal: the one implementation of the manager port and its parts (registries, outbound
 * queues, stats, sweeper). May change without notice; not exported by the module.
 */
package io.switchboard.core.internal;
