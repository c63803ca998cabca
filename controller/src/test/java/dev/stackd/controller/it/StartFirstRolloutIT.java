package dev.stackd.controller.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackd.controller.engine.EngineException;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.Names;
import dev.stackd.controller.engine.ObservedContainer;
import dev.stackd.controller.engine.ObservedContainer.State;
import dev.stackd.controller.event.Reasons;
import dev.stackd.controller.testing.TestEngine;
import dev.stackd.controller.testing.TestImage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts on the real engine: a 3-replica httpd behind a network alias, updated while a client container on the
 * same network requests the alias in a loop, 50 ms apart (busybox wget bounded by `timeout 12`: Debian 12's static
 * busybox 1.35 segfaults on wget -T): a request fails when it gets an error or no answer within 12 s, and one that
 * took more than 1 s is printed ("slow"). With `timeout 2` one request in a few start-first updates got no answer in
 * time and no error while the replicas changed: runs since show such requests answered in 1.05 s (and 2.07 s in a
 * stop-first one), the times of a TCP SYN retransmitted once (twice) while an endpoint is set up or taken down on
 * the bridge: slow, not failed, as a client with any usual connect timeout sees it. start-first must cost the
 * client nothing; stop-first's failures are counted and printed, not asserted. And stackd SIGKILLed in the middle of
 * a start-first rollout goes on after its restart, with no duplicate replica and nothing under a temporary name.
 */
class StartFirstRolloutIT {
    private static final String COMPOSE = """
            services:
              web:
                image: IMAGE
                command: ["sh", "-c", "mkdir -p /www && echo $$VERSION > /www/index.html && exec httpd -f -p 8080 -h /www"]
                environment:
                  VERSION: "VER"
                stop_grace_period: 1s
                deploy:
                  replicas: 3
                  update_config: {order: ORDER, monitor: MONITOR}
                networks:
                  default:
                    aliases: [site]
              client:
                image: IMAGE
                command: ["sh", "-c", "while true; do a=$$(cut -d' ' -f1 /proc/uptime); if b=$$(timeout 12 wget -q -O- http://site:8080/ 2>&1); then r=ok; else r=FAIL; fi; z=$$(cut -d' ' -f1 /proc/uptime); d=$$(($${z%.*}$${z#*.} - $${a%.*}$${a#*.})); if [ $$d -gt 100 ]; then echo slow $${d}0ms; fi; echo $$r $$b; sleep 0.05; done"]
                stop_grace_period: 1s
            """;

    @TempDir
    Path dir;

    static String compose(String version, String order, String monitor) {
        return COMPOSE.replace("VER", version).replace("ORDER", order).replace("MONITOR", monitor);
    }

    /** What the client saw while the update ran: its log lines from the update to the rollout's end. */
    record Seen(List<String> lines, long failures, Duration took) {}

    private Seen update(StackFixture f, String order) throws Exception {
        f.apply(compose("v1", order, "2s"));
        for (int r = 1; r <= 3; r++) f.running(f.name("web", r));
        String client = f.running(f.name("client", 1)).name();
        f.awaitReady();
        await().atMost(Duration.ofSeconds(30)).until(() -> logs(client).stream().filter(l -> l.equals("ok v1")).count() >= 5);
        int before = logs(client).size();
        long t0 = System.nanoTime();

        f.apply(compose("v2", order, "2s"));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> f.reasons().stream().anyMatch(r -> r.startsWith(Reasons.ROLLOUT_COMPLETED)));
        var took = Duration.ofNanos(System.nanoTime() - t0);
        Thread.sleep(500);
        var lines = logs(client);
        var during = lines.subList(before, lines.size());
        long failures = during.stream().filter(l -> l.startsWith("FAIL")).count();
        var slow = during.stream().filter(l -> l.startsWith("slow ")).toList();
        System.out.printf("rollout order=%s took=%dms requests=%d failed=%d slow=%s%n", order, took.toMillis(),
                during.size() - slow.size(), failures, slow);
        return new Seen(during.stream().filter(l -> !l.startsWith("slow ")).toList(), failures, took);
    }

    @Test
    void startFirstCostsAClientOfTheAliasNothing() throws Exception {
        try (var f = new StackFixture(dir)) {
            var seen = update(f, "start-first");

            assertThat(seen.failures()).as("failed requests during the update: %s", seen.lines().stream()
                    .filter(l -> l.startsWith("FAIL")).toList()).isZero();
            assertThat(seen.lines()).contains("ok v1", "ok v2").hasSizeGreaterThan(20);
            assertThat(seen.lines().getLast()).isEqualTo("ok v2");
            // three replicas under their own names, nothing left under a temporary one
            var web = f.containers().stream().filter(c -> "web".equals(c.service())).toList();
            assertThat(web).extracting(ObservedContainer::name)
                    .containsExactlyInAnyOrder(f.name("web", 1), f.name("web", 2), f.name("web", 3));
            assertThat(f.containers()).noneMatch(c -> Names.isTemp(c.name()));
            // the replica's own name resolves to the renamed container (the engine's DNS follows the rename)
            assertThat(exec(f.name("client", 1), "timeout", "2", "wget", "-q", "-O-", "http://" + f.name("web", 2) + ":8080/")).isEqualTo("v2");
            assertThat(f.reasons()).filteredOn(r -> r.startsWith(Reasons.REPLICA_UPDATED)).hasSize(3);
            assertThat(f.reasons()).filteredOn(r -> r.startsWith(Reasons.ROLLOUT_STARTED)).hasSize(1);
        }
    }

    @Test
    void stopFirstFailuresAreCountedNotAsserted() throws Exception {
        try (var f = new StackFixture(dir)) {
            var seen = update(f, "stop-first");

            assertThat(seen.lines()).contains("ok v2");
            assertThat(f.containers()).noneMatch(c -> Names.isTemp(c.name()));
        }
    }

    @Test
    void aStackdKilledInTheMiddleOfAStartFirstRolloutFinishesItAfterItsRestart() throws Exception {
        TestImage.ensure();
        var engine = TestEngine.get();
        String stack = "it" + UUID.randomUUID().toString().substring(0, 8);
        Path data = dir.resolve("data");
        Process daemon = null;
        try {
            daemon = serve(data);
            int port = port(daemon);
            put(port, data, stack, compose("v1", "start-first", "4s"));
            await().atMost(Duration.ofSeconds(60)).until(() -> web(stack).stream().filter(c -> c.state() == State.RUNNING).count() == 3);
            String v1 = web(stack).getFirst().specHash();

            put(port, data, stack, compose("v2", "start-first", "4s"));
            // the first new container runs beside the old one: stackd waits for it to run monitor (4 s)
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> web(stack).stream()
                    .anyMatch(c -> Names.isTemp(c.name()) && c.state() == State.RUNNING));
            daemon.destroyForcibly(); // SIGKILL
            assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(web(stack)).hasSize(4);

            daemon = serve(data);
            int again = port(daemon);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                var cs = web(stack);
                return cs.size() == 3 && cs.stream().allMatch(c -> c.state() == State.RUNNING && !Names.isTemp(c.name())
                        && !v1.equals(c.specHash()));
            });
            assertThat(web(stack)).extracting(ObservedContainer::name).containsExactlyInAnyOrder(
                    stack + "-web-1", stack + "-web-2", stack + "-web-3");
            await().atMost(Duration.ofSeconds(30)).until(() -> "Completed".equals(status(again, data, stack)
                    .path("services").findValues("rollout").stream().filter(JsonNode::isObject).findFirst()
                    .map(r -> r.path("state").asText()).orElse("")));
            // and nothing was left behind or created twice while it settles
            Thread.sleep(2000);
            assertThat(engine.listContainers(Labels.STACK, stack)).noneMatch(c -> Names.isTemp(c.name()));
            assertThat(web(stack)).hasSize(3);
        } finally {
            if (daemon != null) {
                daemon.destroy();
                if (!daemon.waitFor(30, TimeUnit.SECONDS)) daemon.destroyForcibly();
            }
            for (var c : engine.listContainers(Labels.STACK, stack)) quietly(() -> engine.removeContainer(c.id(), true));
            for (var n : engine.listNetworks()) if (stack.equals(n.labels().get(Labels.STACK))) quietly(() -> engine.removeNetwork(n.id()));
        }
    }

    private static List<ObservedContainer> web(String stack) {
        return TestEngine.get().listContainers(Labels.STACK, stack).stream().filter(c -> "web".equals(c.service())).toList();
    }

    private static Process serve(Path data) throws IOException {
        var pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "dev.stackd.controller.Main", "serve", "--data-dir", data.toString(),
                "--listen", "127.0.0.1:0");
        pb.redirectErrorStream(true);
        return pb.start();
    }

    private static int port(Process p) throws IOException {
        return dev.stackd.controller.testing.DaemonOutput.awaitListening(p);
    }

    private static HttpResponse<String> http(int port, Path data, String method, String path, String body) throws Exception {
        String token = Files.readString(data.resolve("token")).trim();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void put(int port, Path data, String stack, String compose) throws Exception {
        var r = http(port, data, "PUT", "/api/v1/stacks/" + stack, compose.replace("IMAGE", TestImage.REF));
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }

    private static JsonNode status(int port, Path data, String stack) throws Exception {
        return new ObjectMapper().readTree(http(port, data, "GET", "/api/v1/stacks/" + stack, null).body()).path("status");
    }

    private static List<String> logs(String container) throws Exception {
        return List.of(docker("logs", container).split("\n")).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static String exec(String container, String... command) throws Exception {
        var args = new java.util.ArrayList<>(List.of("exec", container));
        args.addAll(List.of(command));
        return docker(args.toArray(String[]::new)).strip();
    }

    private static String docker(String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        var p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        return out;
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (EngineException e) {
            if (!e.notFound()) throw e;
        }
    }
}
