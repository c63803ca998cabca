package dev.stackd.controller.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The headline of a stack's status as the reconciler writes it
 * ({@code {"conditions":[{"type":"Ready","status":"True",...}],"services":[{"desired":2,"running":2,...}]}}).
 *
 * @param ready         the Ready condition's status: "True", "False", or "Unknown" before the first reconcile
 * @param reason        the Ready condition's reason, or null
 * @param servicesReady services with every replica ready by the Ready condition's rule (running and healthy, or a completed one-shot)
 */
public record StatusSummary(String ready, String reason, String message, int servicesReady, int servicesTotal) {

    public static StatusSummary of(JsonNode status) {
        JsonNode readyCondition = condition(status, "Ready");
        String ready = text(readyCondition, "status", "Unknown");
        int total = 0;
        int readyServices = 0;
        if (status != null) {
            for (JsonNode service : status.path("services")) {
                total++;
                if (serviceReady(service)) readyServices++;
            }
        }
        return new StatusSummary(ready, text(readyCondition, "reason", null), text(readyCondition, "message", null),
                readyServices, total);
    }

    /** The condition of that type in a status, or null. */
    public static JsonNode condition(JsonNode status, String type) {
        if (status == null) return null;
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) return c;
        }
        return null;
    }

    /** True when the status has the condition with status "True". */
    public static boolean isTrue(JsonNode status, String type) {
        return "True".equals(text(condition(status, type), "status", null));
    }

    /** The status's own count (the Ready condition's rule); a status written before it had one: running and healthy. */
    private static boolean serviceReady(JsonNode service) {
        int desired = service.path("desired").asInt(0);
        if (service.hasNonNull("ready")) return service.get("ready").asInt() >= desired;
        int running = service.path("running").asInt(0);
        JsonNode healthy = service.get("healthy");
        boolean healthyEnough = healthy == null || healthy.isNull() || healthy.asInt(running) >= desired;
        return running >= desired && healthyEnough;
    }

    private static String text(JsonNode node, String field, String fallback) {
        if (node == null || !node.hasNonNull(field)) return fallback;
        return node.get(field).asText();
    }
}
