package dev.stackd.controller.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The status the store keeps and the API shows: observedGeneration, conditions with their last transition time
 * (carried over from the previous status while a condition keeps its value), services and containers.
 */
public final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {}

    public static String of(StackStatus status, long generation, String previousJson, Instant now) {
        var transitions = previousTransitions(previousJson);
        ObjectNode root = JSON.createObjectNode();
        root.put("observedGeneration", generation);
        root.put("observedAt", status.observedAt() == null ? now.toString() : status.observedAt().toString());
        ArrayNode conditions = root.putArray("conditions");
        for (var c : status.conditions()) {
            String value = c.status() ? "True" : "False";
            var prev = transitions.get(c.type());
            String since = prev != null && prev.getKey().equals(value) ? prev.getValue() : now.toString();
            conditions.addObject().put("type", c.type()).put("status", value).put("reason", c.reason())
                    .put("message", c.message()).put("lastTransitionTime", since);
        }
        ArrayNode services = root.putArray("services");
        ArrayNode containers = root.putArray("containers");
        for (var s : status.services()) {
            var node = services.addObject().put("name", s.service()).put("desired", s.desired()).put("running", s.running())
                    .put("healthy", s.healthy()).put("ready", s.ready()).put("restarts", s.restarts()).put("completed", s.completed());
            if (s.lastExitCode() != null) node.put("lastExitCode", s.lastExitCode());
            else node.putNull("lastExitCode");
            if (s.backoffUntil() != null) node.put("backoffUntil", s.backoffUntil().toString());
            else node.putNull("backoffUntil");
            if (s.restart() != null) {
                var restart = node.putObject("restart").put("requestedAt", s.restart().requestedAt().toString())
                        .put("restarted", s.restart().restarted()).put("total", s.restart().total());
                if (s.restart().waitingFor() != null) restart.put("waitingFor", s.restart().waitingFor());
                else restart.putNull("waitingFor");
            }
            for (var c : s.containers()) {
                var cn = containers.addObject().put("id", c.id()).put("name", c.name()).put("service", s.service())
                        .put("replica", c.replica()).put("state", c.state()).put("health", c.health())
                        .put("restartCount", c.restartCount());
                if (c.exitCode() != null) cn.put("exitCode", c.exitCode());
            }
        }
        return root.toString();
    }

    /** Whether two status documents differ in more than the time they were taken. */
    public static boolean sameState(String a, String b) {
        if (a == null || b == null) return false;
        try {
            JsonNode x = JSON.readTree(a), y = JSON.readTree(b);
            ((ObjectNode) x).remove("observedAt");
            ((ObjectNode) y).remove("observedAt");
            return x.equals(y);
        } catch (Exception e) {
            return false;
        }
    }

    /** The types of the conditions that are True in a stored status; empty when there is none or it does not read. */
    public static Set<String> trueConditions(String json) {
        var out = new HashSet<String>();
        if (json == null || json.isBlank()) return out;
        try {
            for (JsonNode c : JSON.readTree(json).path("conditions")) {
                if ("True".equals(c.path("status").asText())) out.add(c.path("type").asText());
            }
        } catch (Exception e) {
            // an unreadable status counts as no condition
        }
        return out;
    }

    private static Map<String, Map.Entry<String, String>> previousTransitions(String json) {
        var out = new HashMap<String, Map.Entry<String, String>>();
        if (json == null || json.isBlank()) return out;
        try {
            for (JsonNode c : JSON.readTree(json).path("conditions")) {
                out.put(c.path("type").asText(), Map.entry(c.path("status").asText(), c.path("lastTransitionTime").asText()));
            }
        } catch (Exception e) {
            // an unreadable previous status only loses the transition times
        }
        return out;
    }
}
