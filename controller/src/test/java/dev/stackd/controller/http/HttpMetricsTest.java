package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ApiServerExtension.class)
class HttpMetricsTest {
    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;

    @Test
    void countsRequestsByRoutePatternAndStatus() {
        api.putYaml("demo", HttpStacksTest.WEB);
        api.get("/api/v1/stacks/nope");

        var r = api.get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(r.body())
                .contains("stackd_http_requests_seconds_count{method=\"PUT\",route=\"/api/v1/stacks/:name\",status=\"201\"} 1")
                .contains("stackd_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/stacks/:name\",status=\"404\"} 1")
                .doesNotContain("route=\"/api/v1/stacks/demo\"");
    }

    @Test
    void methodsRoutesAndStatusesAClientMakesUpAddNoSeries() {
        for (int i = 0; i < 40; i++) {
            api.send("X" + i + "Y", "/api/v1/stacks", null, null, Map.of());
            api.send("Z" + i, "/nowhere/" + i, null, null, Map.of("Authorization", ""));
            api.send("GET", "/api/v1/no-such-" + i, null, null, Map.of());
        }

        String text = api.get("/metrics").body();
        Set<String> methods = labelValues(text, "method");
        Set<String> routes = labelValues(text, "route");

        assertThat(methods).contains("other").isSubsetOf("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other");
        var patterns = new java.util.HashSet<String>(Set.of("unmatched"));
        api.server.router().getRoutes().forEach(r -> {
            if (r.getPath() != null) patterns.add(r.getPath());
        });
        assertThat(routes).isSubsetOf(patterns);
        assertThat(text.lines().filter(l -> l.startsWith("stackd_http_requests_seconds_count")).count())
                .as("series").isLessThan(10);
    }

    @Test
    void anEventReasonOutsideTheKnownOnesCountsAsOther() {
        for (int i = 0; i < 20; i++) api.backend.metrics.event("Made" + i + "Up");
        api.backend.metrics.event("Started");

        String text = api.get("/metrics").body();

        assertThat(labelValues(text, "reason")).containsExactlyInAnyOrder("Other", "Started");
        assertThat(text).contains("stackd_events_total{reason=\"Other\"} 20.0");
    }

    private static Set<String> labelValues(String text, String label) {
        var values = new java.util.TreeSet<String>();
        var m = java.util.regex.Pattern.compile(label + "=\"([^\"]*)\"").matcher(text);
        while (m.find()) values.add(m.group(1));
        return values;
    }

    @Test
    void exposesWhatTheDaemonReports() {
        var m = api.backend.metrics;
        m.reconcile(Duration.ofMillis(120), true);
        m.reconcile(Duration.ofMillis(80), false);
        m.operation("create", true, Duration.ofMillis(40));
        m.engineError("timeout");
        m.event("BackOff");
        m.queueDepth(() -> 3);
        m.stacksByCondition(Set.of("Ready", "Degraded"), () -> Map.of("Ready", 2));

        String text = api.get("/metrics").body();

        assertThat(text)
                .contains("stackd_reconciles_seconds_count{result=\"ok\"} 1")
                .contains("stackd_reconciles_seconds_count{result=\"error\"} 1")
                .contains("stackd_operations_total{op=\"create\",result=\"ok\"} 1.0")
                .contains("stackd_operation_seconds_count{op=\"create\"} 1")
                .contains("stackd_engine_errors_total{kind=\"timeout\"} 1.0")
                .contains("stackd_events_total{reason=\"BackOff\"} 1.0")
                .contains("stackd_queue_depth 3.0")
                .contains("stackd_stacks{condition=\"Ready\"} 2.0")
                .contains("stackd_stacks{condition=\"Degraded\"} 0.0");
    }
}
