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

    /** A dry run's plan, with the next fire times of the spec's jobs (in the text too, as validate prints them). */
    static Map<String, Object> plan(Plan plan, dev.stackd.api.model.StackSpec spec, java.time.Instant now) {
        var v = plan(plan);
        var jobs = dev.stackd.api.schedule.NextFires.of(spec, now);
        if (jobs.isEmpty()) return v;
        var text = new StringBuilder(plan.render());
        jobs.forEach(j -> text.append(j.line()).append('\n'));
        v.put("plan", text.toString());
        v.put("jobs", jobs.stream().map(j -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", j.service());
            m.put("schedule", j.schedule());
            m.put("timezone", j.zone());
            m.put("suspended", j.suspended());
            m.put("next", j.next().stream().map(Object::toString).toList());
            return m;
        }).toList());
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
