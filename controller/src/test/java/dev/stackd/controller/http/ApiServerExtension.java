package dev.stackd.controller.http;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real API server per test, over a store in a fresh data dir: set into the test's {@code ApiServer} field before
 * each test (and before its own {@code @BeforeEach} methods), closed and its data dir removed after. The set-up the
 * HTTP and CLI tests each wrote for themselves.
 */
public final class ApiServerExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ApiServerExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Object test = context.getRequiredTestInstance();
        Path dataDir = Files.createTempDirectory("stackd-api-test");
        var server = new ApiServer(dataDir);
        context.getStore(NS).put("dataDir", dataDir);
        context.getStore(NS).put("server", server);
        for (Class<?> c = test.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == ApiServer.class && !Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    f.set(test, server);
                }
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        var server = context.getStore(NS).remove("server", ApiServer.class);
        if (server != null) server.close();
        Path dataDir = context.getStore(NS).remove("dataDir", Path.class);
        if (dataDir == null) return;
        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
