package io.switchboard.archtests;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * Cuts the adapters into slices: {@code <root>.heartbeat}, and one slice per package directly
 * below {@code <root>.transport} and {@code <root>.scaling} (so {@code transport.netty},
 * {@code transport.tck}, {@code scaling.redis}, and any transport or scaling adapter added
 * later). Core, examples and everything else belong to no slice.
 */
final class AdapterSlices implements SliceAssignment {

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
        for (String family : new String[] {"transport.", "scaling."}) {
            if (relative.startsWith(family) && relative.length() > family.length()) {
                int end = relative.indexOf('.', family.length());
                return SliceIdentifier.of(end < 0 ? relative : relative.substring(0, end));
            }
        }
        return SliceIdentifier.ignore();
    }

    @Override
    public String getDescription() {
        return String.format("adapters below %s: heartbeat, transport.*, scaling.*", layout.root());
    }

    private String relativePackage(String packageName) {
        String prefix = layout.root() + ".";
        return packageName.startsWith(prefix) ? packageName.substring(prefix.length()) : "";
    }
}
