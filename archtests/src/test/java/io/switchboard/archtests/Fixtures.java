package io.switchboard.archtests;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/** Imports a fixture package and evaluates a rule on it. */
final class Fixtures {

    static final String BASE = "io.switchboard.archtests.fixtures";

    private Fixtures() {
    }

    /** The fully qualified name of a fixture package, e.g. {@code adapters}. */
    static String root(String fixture) {
        return BASE + "." + fixture;
    }

    /** A layout rooted at a fixture package. */
    static Layout layout(String fixture) {
        return new Layout(root(fixture));
    }

    /** Every class of a fixture package, and of any further packages given. */
    static JavaClasses classes(String fixture, String... morePackages) {
        String[] packages = new String[morePackages.length + 1];
        packages[0] = root(fixture);
        System.arraycopy(morePackages, 0, packages, 1, morePackages.length);
        return new ClassFileImporter().importPackages(packages);
    }

    /** The violations the rule finds, one entry per violation (lines as ArchUnit reports them). */
    static List<String> violations(ArchRule rule, JavaClasses classes) {
        return rule.evaluate(classes).getFailureReport().getDetails();
    }
}
