package io.switchboard.archtests;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.List;

/**
 * Cuts the adapters into slices: {@code <root>.heartbeat}, and one slice per package directly
 * below {@code <root>.transport}, {@code <root>.scaling}, {@code <root>.metrics},
 * {@code <root>.tracing} and {@code <root>.bridge} (so {@code transport.netty},
 * {@code transport.tck}, {@code scaling.redis}, {@code metrics.micrometer},
 * {@code bridge.springai}, and any adapter or integration added later). Core, the wiring modules
 * (examples, the Spring Boot starter) and everything else belong to no slice.
 */
final class AdapterSlices implements SliceAssignment {

    // Adapters and the integrations, which depend on core (and their framework) only.
    private static final List<String> FAMILIES =
            List.of("transport.", "scaling.", "metrics.", "tracing.", "bridge.");

    private final Layout layout;

    AdapterSlices(Layout layout) {
        this.layout = layout;
    }

    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        String relative = relativePackage(javaClass.getPackageName());
        if (relative.equals("heartbeat") || relative.startsWith("heartbeat.")) {
            return SliceIdentifier.of("heartbeat");
        }
        for (String family : FAMILIES) {
            if (relative.startsWith(family) && relative.length() > family.length()) {
                int end = relative.indexOf('.', family.length());
                return SliceIdentifier.of(end < 0 ? relative : relative.substring(0, end));
            }
        }
        return SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
        return String.format("adapters and integrations below %s: heartbeat, transport.*,"
                + " scaling.*, metrics.*, tracing.*, bridge.*", layout.root());
    }

    private String relativePackage(String packageName) {
        String prefix = layout.root() + ".";
        return packageName.startsWith(prefix) ? packageName.substring(prefix.length()) : "";
    }
}
