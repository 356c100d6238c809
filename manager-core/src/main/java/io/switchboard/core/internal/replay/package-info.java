/**
 * The in-memory replay log: per-stream logs bounded by count and age, all streams together by
 * bytes (a Caffeine weigher), with a message's token deltas kept as its text rather than one
 * entry per delta. Internal; not exported.
 */
package io.switchboard.core.internal.replay;
