package dev.stackd.controller.http;

import dev.stackd.controller.plan.Operation;
import dev.stackd.controller.plan.Plan;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shape of plans (a stack's is {@link StackView}). */
final class StackViews {
    private StackViews() {
    }

    static Map<String, Object> plan(Plan plan) {
        List<Map<String, Object>> operations = plan.operations().stream().map(StackViews::operation).toList();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("plan", plan.render());
        v.put("operations", operations);
        return v;
    }

    private static Map<String, Object> operation(Operation op) {
        Map<String, Object> v = new HashMap<>();
        v.put("verb", op.verb());
        v.put("target", op.target());
        v.put("cause", op.cause());
        v.put("service", op.service());
        return v;
    }
}
