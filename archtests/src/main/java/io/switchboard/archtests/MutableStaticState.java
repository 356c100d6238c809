package io.switchboard.archtests;

import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The condition "holds no mutable static state", checked on static fields. A field violates it
 * when it is not final; when its type is mutable ({@link MutableTypes}); when the static
 * initialiser assigns it a newly constructed mutable object on the same line (which catches
 * {@code static final Map<..> M = new ConcurrentHashMap<>()}) unless that line wraps it in an
 * unmodifiable copy; when it holds an instance of its own (or its enclosing) class, the
 * singleton pattern, unless that class is an enum, a record or an interface; or when it holds the
 * manager port, a global manager. Only the first reason found is reported.
 */
final class MutableStaticState extends ArchCondition<JavaField> {

    private final Layout layout;

    MutableStaticState(Layout layout) {
        super("hold no mutable static state");
        this.layout = layout;
    }

    @Override
    public void check(JavaField field, ConditionEvents events) {
        reason(field).ifPresent(reason -> events.add(SimpleConditionEvent.violated(field,
                String.format("%s %s in %s", field.getDescription(), reason,
                        field.getOwner().getSourceCodeLocation()))));
    }

    private Optional<String> reason(JavaField field) {
        JavaClass type = field.getRawType();
        if (!field.getModifiers().contains(JavaModifier.FINAL)) {
            return Optional.of("is static but not final");
        }
        if (type.isArray()) {
            return Optional.of("is a static array, whose elements anyone can change");
        }
        if (MutableTypes.isMutable(type)) {
            return Optional.of("is static and of the mutable type <" + type.getName() + ">");
        }
        Optional<String> constructed = constructedMutable(field);
        if (constructed.isPresent()) {
            return constructed;
        }
        if (type.isAssignableTo(layout.port())) {
            return Optional.of("holds a " + type.getSimpleName() + " in a static field, a global"
                    + " manager");
        }
        if (isOwnOrEnclosingClass(field.getOwner(), type)
                && !type.isEnum() && !type.isRecord() && !type.isInterface()) {
            return Optional.of("holds an instance of its own class <" + type.getName()
                    + ">, a singleton");
        }
        return Optional.empty();
    }

    private static Optional<String> constructedMutable(JavaField field) {
        Optional<? extends JavaCodeUnit> initializer = field.getOwner().getStaticInitializer();
        if (initializer.isEmpty()) {
            return Optional.empty();
        }
        Set<Integer> assignmentLines = initializer.get().getFieldAccesses().stream()
                .filter(access -> access.getAccessType() == JavaFieldAccess.AccessType.SET)
                .filter(access -> isAccessTo(access, field))
                .map(JavaAccess::getLineNumber)
                .collect(Collectors.toSet());
        Set<Integer> wrappedLines = initializer.get().getMethodCallsFromSelf().stream()
                .filter(call -> MutableTypes.isUnmodifiableWrapper(call.getName()))
                .map(JavaAccess::getLineNumber)
                .collect(Collectors.toSet());
        return initializer.get().getConstructorCallsFromSelf().stream()
                .filter(call -> assignmentLines.contains(call.getLineNumber()))
                .filter(call -> !wrappedLines.contains(call.getLineNumber()))
                .filter(call -> MutableTypes.isMutable(call.getTargetOwner()))
                .findFirst()
                .map(MutableStaticState::describeConstruction);
    }

    private static boolean isAccessTo(JavaFieldAccess access, JavaField field) {
        AccessTarget.FieldAccessTarget target = access.getTarget();
        return target.getName().equals(field.getName())
                && target.getOwner().equals(field.getOwner());
    }

    private static String describeConstruction(JavaConstructorCall call) {
        return "is static and set to a new <" + call.getTargetOwner().getName() + "> (line "
                + call.getLineNumber() + ")";
    }

    private static boolean isOwnOrEnclosingClass(JavaClass owner, JavaClass type) {
        for (Optional<JavaClass> current = Optional.of(owner); current.isPresent();
                current = current.get().getEnclosingClass()) {
            if (current.get().equals(type)) {
                return true;
            }
        }
        return false;
    }
}
