package dev.stackd.controller.store;

import dev.stackd.controller.event.EventDraft;
import dev.stackd.controller.event.ObjectRef;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreConcurrencyTest {
    private static final int THREADS = 6;
    private static final int ROUNDS = 60;

    @TempDir
    Path dir;

    @Test
    void manyThreadsOnOneStoreAllSucceed() throws Exception {
        try (var store = Store.open(dir)) {
            runTogether(thread -> work(store, thread));

            assertThat(store.list()).hasSize(THREADS)
                    .allSatisfy(stack -> assertThat(stack.generation()).isEqualTo(ROUNDS));
            assertThat(store.events(null, 0, 10_000)).hasSize(THREADS * ROUNDS);
            assertThat(store.lastSeq()).isEqualTo(THREADS * ROUNDS);
        }
    }

    /** Two stores on one file stand for two processes: the second waits for the first's lock, never fails. */
    @Test
    void twoStoresOnOneFileWaitForEachOther() throws Exception {
        try (var first = Store.open(dir); var second = Store.open(dir)) {
            runTogether(thread -> work(thread % 2 == 0 ? first : second, thread));

            assertThat(first.list()).hasSize(THREADS)
                    .allSatisfy(stack -> assertThat(stack.generation()).isEqualTo(ROUNDS));
            assertThat(second.events(null, 0, 10_000)).hasSize(THREADS * ROUNDS);
        }
    }

    private static Void work(Store store, int thread) {
        String name = "stack-" + thread;
        for (int round = 1; round <= ROUNDS; round++) {
            store.apply(name, "{\"round\":" + round + "}", "round: " + round, null);
            store.record(EventDraft.normal(name, null, ObjectRef.stack(name), "Applied", "round " + round));
            store.setStatus(name, round, "{\"round\":" + round + "}");
            store.list();
        }
        return null;
    }

    private interface Work {
        Void run(int thread) throws Exception;
    }

    private static void runTogether(Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            var start = new CountDownLatch(1);
            var futures = new ArrayList<Future<Void>>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<Void> task = () -> {
                    start.await();
                    return work.run(thread);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Void> f : futures) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }
}
