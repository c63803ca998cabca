package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys compose applies outside swarm in its own way: deploy.restart_policy (docker/compose create.go
 * getRestartPolicy) and the pull_policy forms compose-go accepts (types.go GetPullPolicy).
 */
class ComposeOnlyKeysTest {
    @TempDir
    Path tmp;

    private String restart(String policy) {
        return Load.service(tmp, "image: x\ndeploy:\n  restart_policy: " + policy + "\n").restart();
    }

    @Test
    void restartPolicyBecomesTheEnginesPolicyAsCompose() {
        assertThat(restart("{condition: on-failure, max_attempts: 2, delay: 5s, window: 1m}")).isEqualTo("on-failure:2");
        assertThat(restart("{condition: on-failure}")).isEqualTo("on-failure");
        assertThat(restart("{condition: any}")).isEqualTo("always");
        assertThat(restart("{condition: none}")).isEqualTo("no");
        assertThat(restart("{condition: unless-stopped}")).isEqualTo("unless-stopped");
        // compose sends no condition as an empty policy name: no restart (swarm's default "any" is swarm's)
        assertThat(restart("{delay: 5s}")).isEqualTo("no");
        // the same policy in restart: and deploy is no conflict
        assertThat(Load.service(tmp, "image: x\nrestart: always\ndeploy: {restart_policy: {condition: any}}\n").restart()).isEqualTo("always");
    }

    @Test
    void restartPolicyErrorsNameTheirField() {
        var errors = Load.errors(tmp, """
                services:
                  a: {image: x, deploy: {restart_policy: {condition: sometimes}}}
                  b: {image: x, deploy: {restart_policy: {condition: any, max_attempts: 3}}}
                  c: {image: x, deploy: {restart_policy: {condition: on-failure, max_attempts: -1, delay: 1y, window: x, order: 1}}}
                  d: {image: x, restart: "no", deploy: {restart_policy: {condition: on-failure}}}
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.a.deploy.restart_policy.condition invalid restart condition \"sometimes\": expected none, on-failure or any",
                "services.b.deploy.restart_policy.max_attempts max_attempts applies to condition on-failure only (the engine refuses a"
                        + " retry count with condition any)",
                "services.c.deploy.restart_policy.max_attempts must be between 0 and 2147483647, got -1",
                "services.c.deploy.restart_policy.delay invalid duration \"1y\": expected e.g. 10s, 1m30s, 500ms or 1h",
                "services.c.deploy.restart_policy.window invalid duration \"x\": expected e.g. 10s, 1m30s, 500ms or 1h",
                "services.c.deploy.restart_policy.order unknown deploy.restart_policy key \"order\"",
                "services.d.deploy.restart_policy deploy.restart_policy (on-failure) differs from restart (no): set one of them");
    }

    private String pull(String policy) {
        return Load.service(tmp, "image: x\npull_policy: " + policy + "\n").pullPolicy();
    }

    /** compose-go GetPullPolicy: refresh alone falls to missing; daily, weekly and every_N are refresh windows. */
    @Test
    void pullPolicyFormsAsComposeGo() {
        assertThat(pull("always")).isEqualTo("always");
        assertThat(pull("if_not_present")).isEqualTo("missing");
        assertThat(pull("refresh")).isEqualTo("missing");
        assertThat(pull("build")).isEqualTo("build");
        assertThat(pull("daily")).isEqualTo("daily");
        assertThat(pull("weekly")).isEqualTo("weekly");
        assertThat(pull("every_12h")).isEqualTo("every_12h");
        assertThat(pull("every_1w2d3h4m5s")).isEqualTo("every_1w2d3h4m5s");
        var errors = Load.errors(tmp, """
                services:
                  a: {image: x, pull_policy: every_}
                  b: {image: x, pull_policy: every_5x}
                  c: {image: x, pull_policy: every_0s}
                  d: {image: x, pull_policy: every_99999999999w}
                  e: {image: x, pull_policy: sometimes}
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.a.pull_policy invalid pull_policy \"every_\": every_ takes a duration of w, d, h, m and s, e.g. every_12h or every_1d12h",
                "services.b.pull_policy invalid pull_policy \"every_5x\": every_ takes a duration of w, d, h, m and s, e.g. every_12h or every_1d12h",
                "services.c.pull_policy invalid pull_policy \"every_0s\": the refresh window must be more than 0 and at most 3650 days",
                "services.d.pull_policy invalid pull_policy \"every_99999999999w\": the refresh window must be more than 0 and at most 3650 days",
                "services.e.pull_policy invalid pull_policy \"sometimes\": expected always, never, missing, build, if_not_present, refresh,"
                        + " daily, weekly or every_<duration>");
    }
}
