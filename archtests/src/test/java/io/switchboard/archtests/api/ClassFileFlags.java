package io.switchboard.archtests.api;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a class file's access flags without loading the class (JVMS 4.1: the flags follow the
 * constant pool). In a nested class's own flags a protected class reads as public and a private one
 * as package-private, so "not public here" means "not API" for every class.
 */
final class ClassFileFlags {

    private static final int ACC_PUBLIC = 0x0001;

    private ClassFileFlags() {
    }

    static boolean isPublic(Path classes, String className) {
        Path file = classes.resolve(className.replace('.', '/') + ".class");
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(raw)) {
            in.readInt(); // magic
            in.readUnsignedShort(); // minor version
            in.readUnsignedShort(); // major version
            skipConstantPool(in);
            return (in.readUnsignedShort() & ACC_PUBLIC) != 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void skipConstantPool(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        for (int index = 1; index < count; index++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> in.skipNBytes(in.readUnsignedShort()); // Utf8
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> { // Long and Double take two entries
                    in.skipNBytes(8);
                    index++;
                }
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3); // MethodHandle
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
    }
}
