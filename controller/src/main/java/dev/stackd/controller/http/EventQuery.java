package dev.stackd.controller.http;

import io.vertx.ext.web.RoutingContext;

/**
 * The filters of {@code GET /api/v1/events}: one stack or all, events after {@code since} (a seq; a watch
 * resumes from {@code Last-Event-ID} when given), at most {@code limit} per page ({@link #tail}: the newest instead).
 */
record EventQuery(String stack, long since, int limit) {
    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 5000;

    static EventQuery of(RoutingContext ctx) {
        String stack = ctx.queryParams().get("stack");
        if (stack != null && stack.isBlank()) stack = null;
        String lastEventId = ctx.request().getHeader("Last-Event-ID");
        long since = lastEventId != null && !lastEventId.isBlank()
                ? number("Last-Event-ID", lastEventId, 0, Long.MAX_VALUE)
                : number("since", ctx.queryParams().get("since"), 0, Long.MAX_VALUE);
        int limit = (int) number("limit", ctx.queryParams().get("limit"), 1, MAX_LIMIT);
        return new EventQuery(stack, since, ctx.queryParams().contains("limit") ? limit : DEFAULT_LIMIT);
    }

    /**
     * {@code tail=N} (1 to 5000): the newest N events after {@code since} instead of the oldest page; 0 when absent.
     * A page's {@code limit} and a tail do not go together, nor does a tail with a watch (which starts at a seq).
     */
    static int tail(RoutingContext ctx, boolean watch) {
        if (!ctx.queryParams().contains("tail")) return 0;
        if (watch) throw ApiException.badRequest("tail does not go with watch=true: list the tail, then watch after its last seq");
        if (ctx.queryParams().contains("limit")) throw ApiException.badRequest("give limit (the oldest events first) or tail (the newest), not both");
        return (int) number("tail", ctx.queryParams().get("tail"), 1, MAX_LIMIT);
    }

    private static long number(String name, String value, long min, long max) {
        if (value == null || value.isBlank()) return min;
        try {
            long n = Long.parseLong(value.strip());
            if (n < min || n > max) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number from " + min + " to " + max + ", not " + value);
        }
    }
}
