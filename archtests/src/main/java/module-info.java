/**
 * Switchboard's reusable ArchUnit rules: one manager port with one implementation, a core free of
 * transport libraries, independent adapters, no static mutable state, and transport types only
 * inside their own adapter. Consumers add the jar with test scope; see {@code README.md}.
 *
 * <p>ArchUnit ships automatic modules only; they are required transitively all the same, because a
 * consumer's test uses their types ({@code ArchRule}, {@code ArchTests}) with ours.
 */
@SuppressWarnings("requires-transitive-automatic")
module io.switchboard.archtests {
    requires transitive com.tngtech.archunit;
    // @ArchTest and ArchTests, so that a consumer can write ArchTests.in(SwitchboardRules.class).
    requires transitive com.tngtech.archunit.junit5.api;
    requires transitive io.switchboard.core;

    exports io.switchboard.archtests;
}
