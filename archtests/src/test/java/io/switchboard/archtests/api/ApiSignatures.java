package io.switchboard.archtests.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of one module as a sorted list of signatures: every public or protected type of
 * its exported packages (all packages but {@code internal} ones when it has no
 * {@code module-info}), each followed by its public and protected declared members, indented. Two
 * builds of the same API give the same text, whatever the order of methods in the class files.
 */
final class ApiSignatures {

    private ApiSignatures() {
    }

    /**
     * The signature text of the classes compiled into {@code classes}.
     *
     * @param classes a module's {@code target/classes}
     * @param loader loads those classes (the test's class path holds the module)
     * @return one line per type and member, types sorted by name, members sorted within their type
     */
    static String of(Path classes, ClassLoader loader) {
        Set<String> exported = exportedPackages(classes);
        List<String> lines = new ArrayList<>();
        for (String name : classNames(classes)) {
            String pkg = name.substring(0, name.lastIndexOf('.'));
            if (exported.isEmpty() ? pkg.contains(".internal") : !exported.contains(pkg)) {
                continue;
            }
            // A package-private class is skipped unread: loading it may need a library the module
            // has as an optional dependency only.
            if (!ClassFileFlags.isPublic(classes, name)) {
                continue;
            }
            Class<?> type = load(name, loader);
            if (!isApi(type)) {
                continue;
            }
            lines.add(header(type));
            members(type).forEach(member -> lines.add("  " + member));
        }
        return String.join("\n", lines) + "\n";
    }

    private static Set<String> exportedPackages(Path classes) {
        Path descriptor = classes.resolve("module-info.class");
        if (!Files.exists(descriptor)) {
            return Set.of();
        }
        try (InputStream in = Files.newInputStream(descriptor)) {
            // Qualified exports open a package to named friends only: not public API.
            return ModuleDescriptor.read(in).exports().stream()
                    .filter(export -> !export.isQualified())
                    .map(ModuleDescriptor.Exports::source)
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> classNames(Path classes) {
        try (Stream<Path> files = Files.walk(classes)) {
            return files.map(classes::relativize).map(Path::toString)
                    .filter(file -> file.endsWith(".class") && !file.endsWith("-info.class"))
                    .map(file -> file.substring(0, file.length() - ".class".length())
                            .replace('/', '.').replace('\\', '.'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " is compiled but not on the test class path;"
                    + " is its module a test dependency of archtests?", e);
        }
    }

    // Visible from outside the module: public or protected, and so is every enclosing type.
    private static boolean isApi(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!visible(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String header(Class<?> type) {
        StringBuilder line = new StringBuilder(type.toGenericString());
        Type superclass = type.getGenericSuperclass();
        if (superclass != null && superclass != Object.class && superclass != Record.class
                && !type.isEnum()) {
            line.append(" extends ").append(superclass.getTypeName());
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (interfaces.length > 0) {
            line.append(type.isInterface() ? " extends " : " implements ").append(
                    Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        // An enum's constant bodies are permitted subclasses too, but anonymous: not API.
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted != null && !type.isEnum()) {
            line.append(" permits ").append(Arrays.stream(permitted).map(Class::getName).sorted()
                    .collect(Collectors.joining(", ")));
        }
        return line.toString();
    }

    private static Set<String> members(Class<?> type) {
        Set<String> members = new TreeSet<>();
        for (Field field : type.getDeclaredFields()) {
            if (api(field)) {
                members.add(withoutOwner(field.toGenericString(), field, type));
            }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (api(constructor)) {
                members.add(constructor.toGenericString());
            }
        }
        for (Method method : type.getDeclaredMethods()) {
            if (api(method) && !method.isBridge()) {
                members.add(withoutOwner(method.toGenericString(), method, type));
            }
        }
        return members;
    }

    private static boolean api(Member member) {
        return visible(member.getModifiers()) && !member.isSynthetic()
                && !(member instanceof Executable executable && executable.isSynthetic());
    }

    // "public int a.b.C.size()" reads "public int size()": the type's header names the owner.
    private static String withoutOwner(String signature, Member member, Class<?> owner) {
        return signature.replace(owner.getTypeName() + "." + member.getName(), member.getName());
    }
}
