package dev.stackd.controller.it;

import dev.stackd.controller.event.Reasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.plan.JobRuns;
import dev.stackd.controller.store.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scheduled jobs on the real engine with {@code @every} schedules of a few seconds. Nothing is timed: each test
 * awaits the condition it needs with generous limits, and checks what must hold whenever it looks.
 */
@ExtendWith(StackFixtureExtension.class)
class JobsIT {
    private static final Duration LONG = Duration.ofSeconds(120);

    StackFixture f; // set by StackFixtureExtension

    private void applyJob(String xStackd, String command) {
        f.apply("""
                services:
                  db:
                    image: IMAGE
                    command: ["sh", "-c", "sleep 3600"]
                  backup:
                    image: IMAGE
                    depends_on: [db]
                    command: ["sh", "-c", "%s"]
                    x-stackd: %s
                """.formatted(command, xStackd));
    }

    private List<ObservedContainer> runs() {
        return f.containers().stream().filter(JobRuns::isRun).toList();
    }

    private List<Event> events(String reason) {
        return f.daemon.store().events(f.stack, 0, 10_000).stream().filter(e -> e.reason().equals(reason)).toList();
    }

    private long count(String reason) {
        return events(reason).stream().mapToLong(Event::count).sum();
    }

    @Test
    void runsHappenAndTheHistoryKeepsExactlyTheConfiguredRuns() {
        applyJob("{schedule: \"@every 2s\", history: {succeeded: 2, failed: 1}}", "echo done");
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> count(Reasons.JOB_SUCCEEDED) >= 4);
        // a run is a stack object: the stack's labels and the run's own
        var run = runs().getFirst();
        assertThat(run.labels()).containsEntry(Labels.STACK, f.stack).containsEntry(Labels.SERVICE, "backup").containsKey(Labels.JOB_RUN);
        assertThat(run.name()).matches(f.stack + "-backup-\\d{14}");
        // the db is a service, the job is not started at apply: no replica container backup-1
        assertThat(f.container(f.name("backup", 1))).isEmpty();
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() ->
                runs().stream().filter(c -> c.state() == State.EXITED).count() == 2);
        // the jobs endpoint's status
        await().atMost(LONG).until(() -> f.daemon.store().jobStatuses(f.stack).get("backup") != null
                && f.daemon.store().jobStatuses(f.stack).get("backup").contains("lastSuccessfulTime\":\"20"));
        // deleting the stack removes its runs
        f.delete(false);
        await().atMost(LONG).until(() -> f.containers().isEmpty());
    }

    @Test
    void forbidSkipsWhileARunLastsAndNeverHasTwo() {
        applyJob("{schedule: \"@every 2s\"}", "sleep 7");
        var atOnce = new ArrayList<Long>();
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> {
            atOnce.add(runs().stream().filter(ObservedContainer::isRunning).count());
            return count(Reasons.JOB_SKIPPED) >= 2 && count(Reasons.JOB_SUCCEEDED) >= 1;
        });
        assertThat(atOnce).allMatch(n -> n <= 1);
        assertThat(events(Reasons.JOB_SKIPPED)).anyMatch(e -> e.message().contains("concurrency Forbid"));
    }

    @Test
    void replaceStopsTheOldRun() {
        applyJob("{schedule: \"@every 3s\", concurrency: Replace}", "sleep 600");
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> runs().size() >= 2
                && runs().stream().anyMatch(c -> c.state() == State.EXITED));
        var first = runs().stream().min(java.util.Comparator.comparing(ObservedContainer::name)).orElseThrow();
        await().atMost(LONG).until(() -> f.container(first.name()).map(c -> c.state() == State.EXITED).orElse(true));
        assertThat(runs().stream().filter(ObservedContainer::isRunning).count()).isLessThanOrEqualTo(1);
    }

    @Test
    void aRunPastItsTimeoutIsStoppedAndFailsAndRetriesAreTheEngines() {
        applyJob("{schedule: \"@every 1h\", timeout: 2s}", "sleep 600");
        f.daemon.store().requestJobRun(f.stack, "backup", Instant.now());
        f.daemon.changed(f.stack);
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> count(Reasons.JOB_TIMED_OUT) >= 1 && count(Reasons.JOB_FAILED) >= 1);

        applyJob("{schedule: \"@every 1h\", retries: 2}", "exit 3");
        f.daemon.store().requestJobRun(f.stack, "backup", Instant.now().plusSeconds(1));
        f.daemon.changed(f.stack);
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() ->
                events(Reasons.JOB_FAILED).stream().anyMatch(e -> e.message().contains("exit code 3") && e.message().contains("after 2 retries")));
    }

    @Test
    void aRestartOfStackdNeitherLosesNorDoublesARun() {
        applyJob("{schedule: \"@every 2s\"}", "sleep 6");
        await().atMost(LONG).pollInterval(Duration.ofMillis(100)).until(() -> runs().stream().anyMatch(ObservedContainer::isRunning));
        String going = runs().stream().filter(ObservedContainer::isRunning).findFirst().orElseThrow().name();
        f.restartDaemon();
        var atOnce = new ArrayList<Long>();
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> {
            atOnce.add(runs().stream().filter(ObservedContainer::isRunning).count());
            return events(Reasons.JOB_SUCCEEDED).stream().anyMatch(e -> e.object().equals("container " + going))
                    && runs().stream().anyMatch(c -> !c.name().equals(going) && c.isRunning());
        });
        // adopted, not started again beside it; its end recorded once
        assertThat(atOnce).allMatch(n -> n <= 1);
        assertThat(events(Reasons.JOB_SUCCEEDED).stream().filter(e -> e.object().equals("container " + going)).mapToLong(Event::count).sum())
                .isEqualTo(1);
    }

    @Test
    void aMissedRunWithinItsDeadlineRunsOnceAfterDowntime() throws InterruptedException {
        applyJob("{schedule: \"@every 2s\", starting-deadline: 1h, history: {succeeded: 100}}", "echo done");
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> count(Reasons.JOB_SUCCEEDED) >= 1);
        f.daemon.close();
        Set<String> before = new HashSet<>(runs().stream().map(ObservedContainer::name).toList());
        Thread.sleep(7_000); // downtime: three fire times or more go by
        Instant restarted = Instant.now();
        f.startDaemon();
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> newRuns(before).size() >= 2);
        var fresh = newRuns(before);
        // the missed fire times before the last one never ran (not one run per missed tick): the first new run is the
        // latest missed one, within a period of the restart (or, on a slow pass, the first after it)
        Instant catchUp = fresh.getFirst();
        Instant lastMissedAtLeast = restarted.minusSeconds(2).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertThat(catchUp).isAfterOrEqualTo(lastMissedAtLeast);
        // never less than a period apart (a run going when the next fire time comes makes Forbid skip it)
        for (int i = 1; i < fresh.size(); i++) assertThat(Duration.between(fresh.get(i - 1), fresh.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    /** The scheduled times of the runs not in {@code before}, in order. */
    private List<Instant> newRuns(Set<String> before) {
        return runs().stream().filter(c -> !before.contains(c.name())).map(JobRuns::scheduledFor).sorted().toList();
    }
}
