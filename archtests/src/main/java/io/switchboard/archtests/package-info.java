/**
 * Reusable ArchUnit rules that keep a code base on one WebSocket manager.
 *
 * <p>{@link io.switchboard.archtests.SwitchboardRules} is the only public type: its
 * {@code @ArchTest} fields can be pulled into any JUnit 5 ArchUnit test with
 * {@code ArchTests.in(SwitchboardRules.class)}, and its factory methods build the variants a
 * consumer has to parameterise. Everything else in this package is package-private and may change
 * without notice.
 */
package io.switchboard.archtests;
