package dev.stackd.controller.metrics;

import dev.stackd.controller.event.Reasons;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values a label may take. Each label of a meter comes from a closed set, so that no client (a made-up
 * HTTP method, a status) and no future code path can add series without bound: a value outside the set is
 * counted under {@code other} / {@code Other}.
 */
final class MetricLabels {
    private static final Logger log = LoggerFactory.getLogger(MetricLabels.class);

    static final String OTHER_METHOD = "other";
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** The statuses the API answers; any other is counted by its class ("4xx"). */
    static final Set<Integer> STATUSES = Set.of(200, 201, 202, 204, 304, 400, 401, 403, 404, 405, 408, 409, 412,
            413, 414, 415, 422, 429, 431, 500, 501, 502, 503, 504);
    static final String OTHER_REASON = "Other";
    /** Every reason stackd records an event with. */
    static final Set<String> REASONS = Reasons.ALL;

    private static final AtomicBoolean unknownReasonLogged = new AtomicBoolean();

    private MetricLabels() {
    }

    static String method(String method) {
        String upper = method == null ? "" : method.toUpperCase(Locale.ROOT);
        return METHODS.contains(upper) ? upper : OTHER_METHOD;
    }

    static String status(int status) {
        if (STATUSES.contains(status)) return Integer.toString(status);
        return status >= 100 && status <= 599 ? (status / 100) + "xx" : "other";
    }

    static String reason(String reason) {
        if (REASONS.contains(reason)) return reason;
        if (unknownReasonLogged.compareAndSet(false, true)) {
            log.warn("event reason {} is not among the metrics' known reasons: counted as {} (add it to {})",
                    reason, OTHER_REASON, MetricLabels.class.getSimpleName());
        }
        return OTHER_REASON;
    }
}
