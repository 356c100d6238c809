/**
 * LangChain4j to Switchboard: {@link io.switchboard.bridge.langchain4j.LangChain4jBridge} streams a
 * {@code StreamingChatModel} call or an AI service's {@code TokenStream} into the events of one
 * run, and turns the user's {@code cancel} into the stream's cancellation.
 */
package io.switchboard.bridge.langchain4j;
