/**
 * Spring AI to Switchboard: {@link io.switchboard.bridge.springai.SpringAiBridge} streams a chat
 * response {@code Flux} into the events of one run, reports the executions of its tool callbacks,
 * and turns the user's {@code cancel} into disposing the subscription.
 */
package io.switchboard.bridge.springai;
