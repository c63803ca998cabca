package dev.stackd.controller.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeapTrimTest {
    private final AtomicInteger depth = new AtomicInteger();
    private final AtomicInteger collections = new AtomicInteger();
    private final HeapTrim trim = new HeapTrim(depth::get, collections::incrementAndGet);

    @Test
    void collectsOnceAfterWritesWhenTheQueueIsIdle() {
        trim.wrote();
        trim.wrote();
        trim.run();
        trim.run();
        assertThat(collections).hasValue(1);
    }

    @Test
    void aSteadyStateWithoutWritesNeverCollects() {
        for (int i = 0; i < 5; i++) trim.run();
        assertThat(collections).hasValue(0);
    }

    @Test
    void waitsWhileStacksAreQueuedThenCollectsOnceIdle() {
        trim.wrote();
        depth.set(3);
        trim.run();
        assertThat(collections).hasValue(0);
        depth.set(0);
        trim.run();
        assertThat(collections).hasValue(1);
        trim.wrote();
        trim.run();
        assertThat(collections).hasValue(2);
    }
}
