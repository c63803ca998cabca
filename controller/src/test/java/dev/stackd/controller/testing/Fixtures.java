package dev.stackd.controller.testing;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the test fixtures (JUnit extensions) share: setting what they made into the test's fields, and a data dir of
 * their own (a field's {@code @TempDir} is the test class's, and is not there yet when an extension runs).
 */
public final class Fixtures {
    private Fixtures() {}

    /** Sets {@code value} into every non-static field of {@code type} the test's class or its superclasses declare. */
    public static <T> void inject(Object test, Class<T> type, T value) {
        for (Class<?> c = test.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == type && !Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    try {
                        f.set(test, value);
                    } catch (IllegalAccessException e) {
                        throw new AssertionError("set the test's field " + f.getName(), e);
                    }
                }
            }
        }
    }

    public static Path tempDir(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /** Removes the dir and all below it; a dir that is gone already is no error. */
    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
