package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.JobSpec;
import dev.stackd.api.model.JobSpec.Concurrency;
import dev.stackd.api.model.JobSpec.History;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobKeysTest {
    @TempDir
    Path tmp;

    @Test
    void aScheduleMakesAJobWithKubernetesDefaults() {
        var s = Load.service(tmp, "image: x\nx-stackd: {schedule: \"@every 2s\"}\n");
        assertThat(s.stackd().job()).isEqualTo(new JobSpec("@every 2s", null, Concurrency.Forbid, null, History.DEFAULT, false, null, 0));
        assertThat(Load.service(tmp, "image: x\n").stackd().job()).isNull();
    }

    @Test
    void everyJobKeyIsRead() {
        var s = Load.service(tmp, """
                image: x
                x-stackd:
                  schedule: "0 3 * * *"
                  timezone: Europe/Berlin
                  concurrency: Replace
                  starting-deadline: 5m
                  history: {succeeded: 5, failed: 2}
                  suspend: true
                  timeout: 1h
                  retries: 3
                  backoff-initial: 1s
                """);
        assertThat(s.stackd().job()).isEqualTo(new JobSpec("0 3 * * *", "Europe/Berlin", Concurrency.Replace, Duration.ofMinutes(5),
                new History(5, 2), true, Duration.ofHours(1), 3));
        assertThat(s.stackd().backoffInitial()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void errorsNameTheFieldPath() {
        var errors = Load.serviceErrors(tmp, """
                image: x
                x-stackd:
                  schedule: "0 9 * * 8"
                  timezone: Mars/Olympus
                  concurrency: forbid
                  starting-deadline: 500ms
                  history: {succeeded: 101, failed: -1, kept: 2}
                  timeout: forever
                  retries: 1000
                """);
        assertThat(errors).extracting(e -> e.path() + ": " + e.message()).containsExactlyInAnyOrder(
                "services.web.x-stackd.schedule: day-of-week 8: 8 is not between 0 and 7",
                "services.web.x-stackd.timezone: unknown time zone \"Mars/Olympus\": expected an IANA name such as UTC or Europe/Berlin",
                "services.web.x-stackd.concurrency: invalid concurrency \"forbid\": expected Allow, Forbid or Replace",
                "services.web.x-stackd.starting-deadline: starting-deadline must be at least 1s, got 500ms",
                "services.web.x-stackd.history.succeeded: must be between 0 and 100, got 101",
                "services.web.x-stackd.history.failed: must be between 0 and 100, got -1",
                "services.web.x-stackd.history.kept: unknown x-stackd.history key \"kept\"",
                "services.web.x-stackd.timeout: invalid duration \"forever\": " + errorOf("forever"),
                "services.web.x-stackd.retries: must be between 0 and 100, got 1000");
    }

    private static String errorOf(String duration) {
        try {
            Units.duration(duration);
            throw new AssertionError("valid: " + duration);
        } catch (Units.Invalid e) {
            return e.getMessage();
        }
    }

    @Test
    void jobSettingsNeedASchedule() {
        var errors = Load.serviceErrors(tmp, "image: x\nx-stackd: {retries: 2}\n");
        assertThat(errors).extracting(e -> e.path() + ": " + e.message())
                .containsExactly("services.web.x-stackd.retries: retries is a job's setting: the x-stackd block needs a schedule");
    }

    @Test
    void aJobHasNoRestartPolicyReplicasOrContainerName() {
        var errors = Load.serviceErrors(tmp, """
                image: x
                restart: always
                scale: 2
                x-stackd: {schedule: "@daily"}
                """);
        assertThat(errors).extracting(e -> e.path()).containsExactlyInAnyOrder("services.web.restart", "services.web.scale");
        assertThat(Load.serviceErrors(tmp, "image: x\nrestart: \"no\"\ncontainer_name: c\nx-stackd: {schedule: \"@daily\"}\n"))
                .extracting(e -> e.path() + ": " + e.message())
                .containsExactly("services.web.container_name: a job's runs are named {stack}-{service}-{time}: container_name cannot be set");
    }

    @Test
    void aJobMayDependOnServicesButNoServiceOnAJob() {
        var ok = Load.stack(tmp, """
                services:
                  db: {image: x}
                  backup:
                    image: x
                    depends_on: [db]
                    x-stackd: {schedule: "@daily"}
                """);
        assertThat(ok.service("backup").dependsOn()).containsKey("db");
        var errors = Load.errors(tmp, """
                services:
                  backup:
                    image: x
                    x-stackd: {schedule: "@daily"}
                  web:
                    image: x
                    depends_on: [backup]
                  side:
                    image: x
                    network_mode: service:backup
                """);
        assertThat(errors).extracting(e -> e.path() + ": " + e.message()).containsExactlyInAnyOrder(
                "services.web.depends_on.backup: service backup is a job (x-stackd.schedule): no service may depend on it",
                "services.side.network_mode: service backup is a job (x-stackd.schedule): no service may depend on it");
    }

    @Test
    void aJobSpecSentAsJsonPassesUnchangedAndItsErrorsNameTheSpecPath() {
        var spec = Load.stack(tmp, """
                services:
                  backup:
                    image: x
                    x-stackd: {schedule: "*/5 * * * *", timezone: UTC, concurrency: Allow, timeout: 90s, retries: 2,
                               starting-deadline: 1m, history: {succeeded: 0, failed: 4}, suspend: true}
                """);
        String json = dev.stackd.api.Manifests.toCanonicalJson(spec);
        assertThat(SpecValidator.check(dev.stackd.api.SpecReader.stack(dev.stackd.api.SpecReader.tree(json))).isValid()).isTrue();
        var bad = SpecValidator.check(dev.stackd.api.SpecReader.stack(dev.stackd.api.SpecReader.tree(
                json.replace("\"*/5 * * * *\"", "\"99 * * * *\""))));
        assertThat(bad.errors()).extracting(e -> e.path()).containsExactly("services.backup.stackd.job.schedule");
        // printed back as a compose file, it loads as the same job
        String printed = ComposeWriter.write(spec, true, ComposeWriter.Format.yaml);
        assertThat(Load.stack(tmp, printed.replace("name: " + spec.name() + "\n", "")).service("backup").stackd())
                .isEqualTo(spec.service("backup").stackd());
    }
}
