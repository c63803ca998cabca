package dev.stackd.controller.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.controller.testing.TempStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A job's memory: kept across restarts of stackd, moving forward only, forgotten with the job or the stack. */
class StoreJobsTest {
    @RegisterExtension
    final TempStore stores = new TempStore();
    Store store; // opened by TempStore
    static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aJobsScheduleSurvivesARestartAndOnlyMovesForward() {
        store.jobKnown("p", "backup", T);
        store.jobKnown("p", "backup", T.plusSeconds(99)); // known once: the first sight stays
        store.jobScheduled("p", "backup", T.plusSeconds(60), false);
        store.jobScheduled("p", "backup", T.plusSeconds(30), true); // an older time never moves it back; the skip counts
        store = stores.reopen();
        var job = store.jobs("p").get("backup");
        assertThat(job.since()).isEqualTo(T);
        assertThat(job.lastScheduled()).isEqualTo(T.plusSeconds(60));
        assertThat(job.skipped()).isEqualTo(1);
    }

    @Test
    void aRunsEndIsRecordedOnceAndASuccessMovesLastSuccessful() {
        store.jobKnown("p", "backup", T);
        store.jobRunFinished("p", "backup", "p-backup-1", true, 0, T.plusSeconds(5), Duration.ofSeconds(5));
        store.jobRunFinished("p", "backup", "p-backup-1", true, 0, T.plusSeconds(5), Duration.ofSeconds(5));
        store.jobRunFinished("p", "backup", "p-backup-2", false, 3, T.plusSeconds(9), Duration.ofSeconds(1));
        var job = store.jobs("p").get("backup");
        assertThat(job.recorded()).containsExactlyInAnyOrder("p-backup-1", "p-backup-2");
        assertThat(job.lastSuccessful()).isEqualTo(T.plusSeconds(5));
    }

    @Test
    void aRequestIsAnsweredByTheRunCreatedForItNotAnOlderOne() {
        store.requestJobRun("p", "backup", T.plusSeconds(10));
        assertThat(store.jobs("p").get("backup").runRequested()).isEqualTo(T.plusSeconds(10));
        store.jobRequestStarted("p", "backup", T); // an older request's run
        assertThat(store.jobs("p").get("backup").runRequested()).isEqualTo(T.plusSeconds(10));
        store.jobRequestStarted("p", "backup", T.plusSeconds(10));
        assertThat(store.jobs("p").get("backup").runRequested()).isNull();
    }

    @Test
    void statusIsWrittenOnlyWhenItChanges() {
        store.jobKnown("p", "backup", T);
        assertThat(store.setJobStatus("p", "backup", "{\"a\":1}")).isTrue();
        assertThat(store.setJobStatus("p", "backup", "{\"a\":1}")).isFalse();
        assertThat(store.jobStatuses("p")).containsEntry("backup", "{\"a\":1}");
    }

    @Test
    void jobsAndRunsGoneAreForgottenAndTheStacksWithIt() {
        store.jobKnown("p", "backup", T);
        store.jobKnown("p", "report", T);
        store.jobRunFinished("p", "backup", "p-backup-1", true, 0, T, Duration.ZERO);
        store.jobRunFinished("p", "backup", "p-backup-2", true, 0, T, Duration.ZERO);
        store.forgetJobs("p", Set.of("backup"), List.of("p-backup-2"));
        assertThat(store.jobs("p").keySet()).containsExactly("backup");
        assertThat(store.jobs("p").get("backup").recorded()).containsExactly("p-backup-2");

        store.apply("p", "{}", "", null);
        store.markDeleting("p", false);
        store.remove("p");
        assertThat(store.jobs("p")).isEmpty();
    }
}
