/**
 * The loopback load harness: it starts each server kind in its own process, drives the same
 * workloads (streams, fixed rate, idle heap, churn, fan-out) with the same client, and reports
 * every figure as a ratio against raw Netty measured in the same run.
 */
package io.switchboard.benchmarks.load;
