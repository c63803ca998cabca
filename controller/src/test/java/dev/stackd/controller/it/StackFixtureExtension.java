package dev.stackd.controller.it;

import dev.stackd.controller.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link StackFixture} per test, the set-up the ITs each wrote for themselves: the test image built when the engine
 * lacks it and a daemon started on a store in a fresh data dir, before each test (and before its own
 * {@code @BeforeEach} methods), set into the test's {@code StackFixture} field; after each test (and after its own
 * {@code @AfterEach} methods, so a server over the daemon is closed first) the fixture is closed, which stops the
 * daemon and removes what is labelled with the stack, and the data dir is removed.
 * Use: {@code @ExtendWith(StackFixtureExtension.class)} on the class and a {@code StackFixture f;} field.
 */
final class StackFixtureExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(StackFixtureExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Path dataDir = Fixtures.tempDir("stackd-it");
        context.getStore(NS).put("dataDir", dataDir);
        var fixture = new StackFixture(dataDir);
        context.getStore(NS).put("fixture", fixture);
        Fixtures.inject(context.getRequiredTestInstance(), StackFixture.class, fixture);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            var fixture = context.getStore(NS).remove("fixture", StackFixture.class);
            if (fixture != null) fixture.close();
        } finally {
            Fixtures.deleteTree(context.getStore(NS).remove("dataDir", Path.class));
        }
    }
}
