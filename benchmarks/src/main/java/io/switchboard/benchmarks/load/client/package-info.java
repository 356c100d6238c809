/**
 * The harness's load client: WebSocket clients on Netty, many connections on a few event loops,
 * counting only what reaches each socket and when.
 */
package io.switchboard.benchmarks.load.client;
