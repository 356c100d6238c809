package io.switchboard.scaling.redis.internal;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Lua scripts, each prefixed with {@code common.lua}, run by digest ({@code EVALSHA}) and
 * re-sent in full when Redis does not know them (after a restart, or on a Redis Cluster node that
 * never ran them). Every script names all its keys, in one hash slot: Lettuce routes it by them.
 */
final class Scripts {

    /** One script: its text and SHA-1 digest. */
    record Script(String name, String body, String sha) {
    }

    final Script append = load("append");
    final Script read = load("read");
    final Script register = load("register");
    final Script unregister = load("unregister");
    final Script enforce = load("enforce");
    final Script heartbeat = load("heartbeat");
    final Script boot = load("boot");
    final Script inboxPush = load("inbox-push");

    /**
     * Runs a script; completes exceptionally as the command does, also when Lettuce refuses it
     * at once (a full request queue). Never blocks, never throws.
     */
    <T> CompletionStage<T> run(RedisClusterAsyncCommands<String, String> redis, Script script,
            ScriptOutputType type, String[] keys, String... args) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletionStage<T> sent;
        try {
            sent = redis.<T>evalsha(script.sha(), type, keys, args);
        } catch (RuntimeException refused) {
            result.completeExceptionally(refused);
            return result;
        }
        sent.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else if (rootCause(error) instanceof RedisNoScriptException) {
                try {
                    redis.<T>eval(script.body(), type, keys, args).whenComplete((again, failure) -> {
                        if (failure == null) {
                            result.complete(again);
                        } else {
                            result.completeExceptionally(failure);
                        }
                    });
                } catch (RuntimeException refused) {
                    result.completeExceptionally(refused);
                }
            } else {
                result.completeExceptionally(error);
            }
        });
        return result;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause
                && !(cause instanceof RedisNoScriptException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static Script load(String name) {
        String body = resource("common") + "\n" + resource(name);
        return new Script(name, body, sha1(body));
    }

    private static String resource(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("script " + name + ".lua is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
