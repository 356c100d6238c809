/**
 * The servers the harness measures, one process each: Switchboard on each transport and the raw
 * baselines (Netty, Tyrus) doing the same work with pre-encoded frames.
 */
package io.switchboard.benchmarks.load.server;
