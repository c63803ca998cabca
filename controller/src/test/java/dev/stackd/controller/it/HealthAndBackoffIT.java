package dev.stackd.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stackd.controller.engine.ObservedContainer.Health;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.store.Event;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Health checks, depends_on conditions, one-shot jobs and crash loops on the real engine. */
@ExtendWith(StackFixtureExtension.class)
class HealthAndBackoffIT {
    StackFixture f; // set by StackFixtureExtension

    @Test
    void aServiceWaitsForItsDependencyToBeHealthy() {
        f.apply("""
                services:
                  db:
                    image: IMAGE
                    command: ["sh", "-c", "sleep 2; touch /tmp/ready; sleep 3600"]
                    healthcheck:
                      test: ["CMD", "test", "-f", "/tmp/ready"]
                      interval: 500ms
                      retries: 20
                  web:
                    image: IMAGE
                    depends_on:
                      db: {condition: service_healthy}
                """);
        var web = f.running(f.name("web", 1));
        var db = f.container(f.name("db", 1)).orElseThrow();
        assertThat(db.health()).isEqualTo(Health.HEALTHY);
        assertThat(web.startedAt()).isAfter(db.startedAt().plusSeconds(2));
        assertThat(f.reasons()).contains("WaitingForDependency service web");
    }

    @Test
    void anUnhealthyContainerIsRestarted() {
        f.apply("""
                services:
                  app:
                    image: IMAGE
                    command: ["sh", "-c", "touch /tmp/ok; sleep 3600"]
                    healthcheck:
                      test: ["CMD", "test", "-f", "/tmp/ok"]
                      interval: 500ms
                      retries: 2
                """);
        var before = f.running(f.name("app", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> f.container(f.name("app", 1)).orElseThrow().health() == Health.HEALTHY);
        // the file goes: the check fails, the container turns unhealthy, stackd restarts it, the command makes it healthy again
        exec(before.id(), "rm", "/tmp/ok");
        await().atMost(Duration.ofSeconds(60)).until(() -> f.reasons().contains("Restarted container " + f.name("app", 1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> f.container(f.name("app", 1))
                .map(c -> c.health() == Health.HEALTHY && c.startedAt().isAfter(before.startedAt())).orElse(false));
        assertThat(f.container(f.name("app", 1)).orElseThrow().id()).isEqualTo(before.id());
    }

    @Test
    void aOneShotThatExitedZeroIsCompletedAndLeftAlone() {
        f.apply("""
                services:
                  job:
                    image: IMAGE
                    command: ["true"]
                    restart: "no"
                """);
        await().atMost(Duration.ofSeconds(30)).until(() -> f.container(f.name("job", 1))
                .map(c -> c.state() == State.EXITED && c.exitCode() == 0).orElse(false));
        var done = f.container(f.name("job", 1)).orElseThrow();
        f.daemon.resyncAll();
        f.awaitReady();
        assertThat(f.container(f.name("job", 1)).orElseThrow().finishedAt()).isEqualTo(done.finishedAt());
        assertThat(f.reasons()).doesNotContain("Started container " + f.name("job", 1) + "x");
        assertThat(f.reasons().stream().filter(r -> r.equals("Started container " + f.name("job", 1)))).hasSize(1);
    }

    @Test
    void aCrashLoopIsRestartedWithGrowingBackoff() {
        f.apply("""
                services:
                  crash:
                    image: IMAGE
                    command: ["sh", "-c", "exit 3"]
                    restart: "no"
                    x-stackd:
                      backoff-initial: 1s
                      backoff-max: 4s
                """);
        await().atMost(Duration.ofSeconds(60)).until(() -> starts().size() >= 4);
        var starts = starts();
        // created+started once, then restarts spaced by at least 1 s, 2 s, 4 s (first restart at once)
        var gaps = new java.util.ArrayList<Duration>();
        for (int i = 1; i < starts.size(); i++) gaps.add(Duration.between(starts.get(i - 1).lastTime(), starts.get(i).lastTime()));
        assertThat(gaps.get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(gaps.get(2)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(f.reasons()).contains("BackOff container " + f.name("crash", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> f.daemon.store().get(f.stack).orElseThrow().statusJson().contains("\"backoffUntil\":\""));
    }

    /** Each start is its own event row: a repeat moves to a new seq with count+1, so read them from the count. */
    private List<Event> starts() {
        var all = f.daemon.store().events(f.stack, 0, 10_000).stream()
                .filter(e -> e.reason().equals("Started") && e.object().equals("container " + f.name("crash", 1))).toList();
        return startTimes.record(all);
    }

    private final StartTimes startTimes = new StartTimes();

    /** Keeps one entry per observed count of the aggregated "Started" event, so each start has its time. */
    private static final class StartTimes {
        private final java.util.TreeMap<Integer, Event> byCount = new java.util.TreeMap<>();

        List<Event> record(List<Event> events) {
            for (var e : events) byCount.putIfAbsent(e.count(), e);
            return List.copyOf(byCount.values());
        }
    }

    private static void exec(String container, String... cmd) {
        try {
            var p = new ProcessBuilder(concat("docker", "exec", container, cmd)).inheritIO().start();
            assertThat(p.waitFor()).isZero();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String[] concat(String a, String b, String c, String... rest) {
        var all = new String[3 + rest.length];
        all[0] = a;
        all[1] = b;
        all[2] = c;
        System.arraycopy(rest, 0, all, 3, rest.length);
        return all;
    }
}
