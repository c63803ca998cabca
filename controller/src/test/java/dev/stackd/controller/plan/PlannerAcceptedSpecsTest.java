package dev.stackd.controller.plan;

import dev.stackd.controller.testing.RecordingEngine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackd.api.model.StackSpec;
import dev.stackd.controller.http.Json;
import dev.stackd.controller.spec.ComposeSpecParser;
import dev.stackd.controller.spec.ParsedStack;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Nothing a sent spec can say makes planning throw once the spec is accepted (issue 9, defect 5: nulls made every
 * reconcile throw). A rich stack's spec is changed in every field, one at a time, to null, to nothing, and to
 * hostile values; every change the validation accepts is planned from nothing and from a running stack, re-planned
 * a few passes, and planned for deletion.
 */
class PlannerAcceptedSpecsTest {
    static final String RICH = """
            services:
              web:
                image: nginx:1.27
                command: ["nginx", "-g", "daemon off;"]
                environment: {A: b, UNSET: null}
                ports: ["127.0.0.1:8080:80", "9000/udp"]
                expose: ["81"]
                volumes: ["/srv/www:/usr/share/nginx/html:ro", "data:/data", "/anon", {type: tmpfs, target: /t, tmpfs: {size: 1m}}]
                networks: {front: {aliases: [www], priority: 5}, back: {}}
                depends_on: {db: {condition: service_healthy, restart: true}}
                healthcheck: {test: ["CMD", "true"], interval: 10s, timeout: 1s, retries: 3, start_period: 1s}
                restart: always
                labels: {team: web}
                stop_grace_period: 5s
                deploy: {replicas: 2, resources: {limits: {cpus: "0.5", memory: 64m, pids: 50}}}
                cap_add: [NET_ADMIN]
                extra_hosts: ["db.local:10.0.0.2"]
                ulimits: {nofile: {soft: 1024, hard: 2048}}
                secrets: [key]
                configs: [conf]
                logging: {driver: json-file, options: {max-size: 1m}}
                x-stackd: {backoff-initial: 1s, backoff-max: 1m}
              db:
                image: postgres:16
                healthcheck: {test: pg_isready}
                networks: [back]
                volumes: [data:/var/lib/postgresql/data]
              app:
                build: {context: /srv/app, args: {V: "1"}}
                network_mode: "service:web"
            networks:
              front: {ipam: {config: [{subnet: 172.30.0.0/16}]}, labels: {a: b}}
              back: {internal: true}
              ext: {external: true, name: shared}
            volumes:
              data: {driver_opts: {type: tmpfs}}
              old: {external: true}
            secrets:
              key: {file: /srv/key}
            configs:
              conf: {content: "x"}
            """;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ComposeSpecParser parser = new ComposeSpecParser();
    private final Planner planner = new Planner();

    /** The values a probe tries in a field besides null and removal: each field gets three of them, in turn. */
    private static final List<JsonNode> HOSTILE = List.of(NODES.numberNode(-1), NODES.numberNode(0),
            NODES.numberNode(2147483648L), NODES.numberNode(1.5), NODES.textNode(""), NODES.textNode("../x"),
            NODES.textNode("x"), NODES.booleanNode(true), NODES.objectNode(), NODES.arrayNode());
    private static final int PER_FIELD = 3;

    @Test
    void everyAcceptedChangeOfEveryFieldPlansWithoutThrowing() {
        ParsedStack base = parser.compose(RICH, "demo");
        assertThat(base.errors()).isEmpty();
        JsonNode spec = Json.read(base.canonicalJson());
        List<Consumer<JsonNode>> changes = new ArrayList<>();
        collect(spec, changes);
        int accepted = 0;
        for (Consumer<JsonNode> change : changes) {
            JsonNode changed = spec.deepCopy();
            change.accept(changed);
            ParsedStack parsed = parser.specJson(changed, "demo");
            if (!parsed.isValid()) continue;
            accepted++;
            planEverything(parsed.spec(), changed);
        }
        // the changes that keep a valid stack (an empty label, another image, no healthcheck...) are planned too
        assertThat(changes.size()).isGreaterThan(1000);
        assertThat(accepted).isBetween(100, changes.size() - 500);
    }

    @Test
    void theSpecsTheHttpTestsAcceptPlanToo() {
        StackSpec spec = parser.compose(RICH, "demo").spec();
        planEverything(spec, Json.read(parser.compose(RICH, "demo").canonicalJson()));
    }

    private void planEverything(StackSpec spec, JsonNode json) {
        try {
            planner.plan(spec, RecordingEngine.empty(spec).state());
            var world = RecordingEngine.converged(spec);
            for (int pass = 0; pass < 4; pass++) {
                var plan = planner.plan(spec, world.state());
                plan.render();
                world.run(plan, s -> spec.service(s) != null && spec.service(s).healthcheck() != null);
            }
            planner.planDeletion(spec, world.state(), true);
        } catch (RuntimeException e) {
            throw new AssertionError("planning an accepted spec threw: " + json, e);
        }
    }

    /** Per field (found by walking the tree): null, removal, and three hostile values. */
    private static void collect(JsonNode node, List<Consumer<JsonNode>> changes) {
        collect(node, new ArrayList<>(), changes);
    }

    private static void collect(JsonNode node, List<Object> path, List<Consumer<JsonNode>> changes) {
        if (!path.isEmpty()) {
            changes.add(root -> set(root, path, NODES.nullNode()));
            changes.add(root -> set(root, path, null));
            for (int k = 0; k < PER_FIELD; k++) {
                JsonNode value = HOSTILE.get((changes.size() + k) % HOSTILE.size());
                changes.add(root -> set(root, path, value.deepCopy()));
            }
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(k -> collect(node.get(k), append(path, k), changes));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) collect(node.get(i), append(path, i), changes);
        }
    }

    private static List<Object> append(List<Object> path, Object step) {
        List<Object> p = new ArrayList<>(path);
        p.add(step);
        return p;
    }

    /** Sets (or with null removes) the node at path. */
    private static void set(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode parent = root;
        for (Object step : path.subList(0, path.size() - 1)) parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
        Object last = path.getLast();
        if (parent instanceof ObjectNode o) {
            if (value == null) o.remove((String) last);
            else o.set((String) last, value);
        } else if (parent instanceof ArrayNode a) {
            if (value == null) a.remove((int) last);
            else a.set((int) last, value);
        }
    }
}
