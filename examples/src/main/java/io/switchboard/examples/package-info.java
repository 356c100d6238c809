/**
 * The runnable demo: {@link io.switchboard.examples.DemoServer} serves a chat page built on the
 * TypeScript client, signs users in with a session cookie and streams a simulated (or
 * LangChain4j) agent through the manager on the transport chosen on the command line. Not
 * published; the README's main job.
 */
package io.switchboard.examples;
