/**
 * JMH benchmarks of the manager's hot paths (emit, fan-out, deltas) against a sink connection,
 * and, under {@code load}, the loopback load harness that compares Switchboard with raw Netty
 * in the same run. Not published; figures and re-run commands are in the module README.
 */
package io.switchboard.benchmarks;
