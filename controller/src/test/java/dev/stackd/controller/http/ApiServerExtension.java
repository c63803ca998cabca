package dev.stackd.controller.http;

import dev.stackd.controller.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
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
        Path dataDir = Fixtures.tempDir("stackd-api-test");
        var server = new ApiServer(dataDir);
        context.getStore(NS).put("dataDir", dataDir);
        context.getStore(NS).put("server", server);
        Fixtures.inject(context.getRequiredTestInstance(), ApiServer.class, server);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        var server = context.getStore(NS).remove("server", ApiServer.class);
        if (server != null) server.close();
        Fixtures.deleteTree(context.getStore(NS).remove("dataDir", Path.class));
    }
}
