package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.DependsOn;
import dev.stackd.api.model.ServiceSpec.FileReference;
import dev.stackd.api.model.ServiceSpec.HealthcheckSpec;
import dev.stackd.api.model.ServiceSpec.ResourceSpec;
import dev.stackd.api.model.ServiceSpec.ServiceNetwork;
import dev.stackd.api.model.ServiceSpec.StackdSettings;
import dev.stackd.api.model.ServiceSpec.Ulimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceKeysTest {
    @TempDir
    Path tmp;

    private ServiceSpec web(String yaml) {
        return Load.service(tmp, yaml);
    }

    @Test
    void environmentListAndMapTakeBareNamesFromTheCallersEnvironment() {
        var list = Load.stack(tmp, """
                services:
                  web:
                    image: nginx
                    environment:
                      - A=b
                      - EMPTY=
                      - FROM_CALLER
                      - NOT_SET
                      - WITH_EQ=x=y
                """, Map.of("FROM_CALLER", "hello")).service("web").environment();
        assertThat(list).containsExactly(entry("A", "b"), entry("EMPTY", ""), entry("FROM_CALLER", "hello"),
                entry("NOT_SET", null), entry("WITH_EQ", "x=y"));
        var map = Load.stack(tmp, """
                services:
                  web:
                    image: nginx
                    environment:
                      A: b
                      PORT: 8080
                      DEBUG: true
                      FROM_CALLER:
                      NOT_SET:
                """, Map.of("FROM_CALLER", "hello")).service("web").environment();
        assertThat(map).containsExactly(entry("A", "b"), entry("DEBUG", "true"), entry("FROM_CALLER", "hello"),
                entry("NOT_SET", null), entry("PORT", "8080"));
    }

    @Test
    void envFilesAreReadAndEnvironmentWins() throws Exception {
        Path dir = Load.dir(tmp);
        Files.writeString(dir.resolve("common.env"), "# comment\nA=from-file\nexport B=\"quoted value\"\nC='single'\n");
        var s = web("""
                image: nginx
                env_file:
                  - common.env
                  - path: ./optional.env
                    required: false
                environment:
                  A: from-environment
                """);
        assertThat(s.environment()).containsExactly(entry("A", "from-environment"), entry("B", "quoted value"), entry("C", "single"));
        assertThat(s.envFiles()).containsExactly(dir.resolve("common.env").toString(), dir.resolve("optional.env").toString());
    }

    @Test
    void aMissingRequiredEnvFileIsAnError() {
        var errors = Load.serviceErrors(tmp, "image: nginx\nenv_file: missing.env\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("services.web.env_file");
            assertThat(e.message()).contains("missing.env does not exist");
        });
    }

    @Test
    void commandAndEntrypointAsStringOrList() {
        var s = web("""
                image: node
                command: sh -c 'npm install && npm start'
                entrypoint: ["/docker-entrypoint.sh", "--verbose"]
                """);
        assertThat(s.command()).containsExactly("sh", "-c", "npm install && npm start");
        assertThat(s.entrypoint()).containsExactly("/docker-entrypoint.sh", "--verbose");
        assertThat(web("image: node\n").command()).isNull();
        assertThat(web("image: node\nentrypoint: \"\"\n").entrypoint()).isEmpty();
    }

    @Test
    void dependsOnListOrMap() {
        var stack = Load.stack(tmp, """
                services:
                  a:
                    image: x
                    depends_on: [b, c]
                  b:
                    image: x
                    depends_on:
                      c:
                        condition: service_healthy
                        restart: true
                        required: false
                  c:
                    image: x
                """);
        assertThat(stack.service("a").dependsOn()).containsExactly(
                entry("b", new DependsOn("service_started", false, true)), entry("c", new DependsOn("service_started", false, true)));
        assertThat(stack.service("b").dependsOn()).containsExactly(entry("c", new DependsOn("service_healthy", true, false)));
        assertThat(stack.startOrder()).containsExactly("c", "b", "a");
    }

    @Test
    void networksListOrMapAndTheDefaultNetwork() {
        var stack = Load.stack(tmp, """
                services:
                  a:
                    image: x
                    networks: [front]
                  b:
                    image: x
                    networks:
                      back:
                        aliases: [db, mysql]
                        ipv4_address: 172.28.0.5
                        priority: 100
                      front:
                  c:
                    image: x
                  d:
                    image: x
                    network_mode: host
                networks:
                  front:
                  back:
                """);
        assertThat(stack.service("a").networks()).containsOnlyKeys("front");
        assertThat(stack.service("b").networks()).containsExactly(
                entry("back", new ServiceNetwork(List.of("db", "mysql"), "172.28.0.5", 100)),
                entry("front", new ServiceNetwork(List.of(), null, null)));
        assertThat(stack.service("c").networks()).containsOnlyKeys("default");
        assertThat(stack.service("d").networks()).isEmpty();
        assertThat(stack.service("d").networkMode()).isEqualTo("host");
        assertThat(stack.networks()).containsOnlyKeys("back", "default", "front");
        assertThat(stack.networks().get("default").name()).isEqualTo("myapp_default");
    }

    @Test
    void healthcheckForms() {
        var shell = web("image: x\nhealthcheck:\n  test: curl -f http://localhost\n  interval: 1m30s\n  timeout: 10s\n  retries: 3\n  start_period: 500ms\n  start_interval: 1h\n").healthcheck();
        assertThat(shell).isEqualTo(new HealthcheckSpec(List.of("CMD-SHELL", "curl -f http://localhost"), Duration.ofSeconds(90),
                Duration.ofSeconds(10), 3, Duration.ofMillis(500), Duration.ofHours(1), false));
        assertThat(web("image: x\nhealthcheck:\n  test: [\"CMD\", \"pg_isready\", \"-U\", \"app\"]\n").healthcheck().test())
                .containsExactly("CMD", "pg_isready", "-U", "app");
        assertThat(web("image: x\nhealthcheck:\n  test: [\"CMD-SHELL\", \"mysqladmin ping\"]\n").healthcheck().test())
                .containsExactly("CMD-SHELL", "mysqladmin ping");
        var none = web("image: x\nhealthcheck:\n  test: [\"NONE\"]\n").healthcheck();
        assertThat(none.disable()).isTrue();
        assertThat(none.test()).isEmpty();
        assertThat(web("image: x\nhealthcheck:\n  disable: true\n").healthcheck().disable()).isTrue();
    }

    @Test
    void ulimitsExtraHostsSysctlsLabels() {
        var s = web("""
                image: x
                ulimits:
                  nproc: 65535
                  nofile:
                    soft: 20000
                    hard: 40000
                extra_hosts:
                  - "somehost:162.242.195.82"
                  - "otherhost=50.31.209.229"
                  - "v6host:::1"
                sysctls:
                  - net.core.somaxconn=1024
                labels:
                  - com.example.description=Accounting webapp
                  - com.example.empty
                """);
        assertThat(s.ulimits()).containsExactly(entry("nofile", new Ulimit(20000, 40000)), entry("nproc", new Ulimit(65535, 65535)));
        assertThat(s.extraHosts()).containsExactly("somehost:162.242.195.82", "otherhost:50.31.209.229", "v6host:::1");
        assertThat(s.sysctls()).containsExactly(entry("net.core.somaxconn", "1024"));
        assertThat(s.labels()).containsExactly(entry("com.example.description", "Accounting webapp"), entry("com.example.empty", ""));
        var maps = web("image: x\nextra_hosts:\n  somehost: 1.2.3.4\nsysctls:\n  net.ipv4.tcp_syncookies: 0\nlabels:\n  tier: web\n");
        assertThat(maps.extraHosts()).containsExactly("somehost:1.2.3.4");
        assertThat(maps.sysctls()).containsExactly(entry("net.ipv4.tcp_syncookies", "0"));
        assertThat(maps.labels()).containsExactly(entry("tier", "web"));
    }

    @Test
    void secretsAndConfigsShortAndLong() throws Exception {
        Path dir = Load.dir(tmp);
        Files.writeString(dir.resolve("db_password.txt"), "secret");
        var stack = Load.stack(tmp, """
                services:
                  web:
                    image: x
                    secrets:
                      - db_password
                      - source: api_key
                        target: key
                        uid: "103"
                        gid: "103"
                        mode: 0440
                    configs:
                      - nginx_conf
                      - source: motd
                        target: /etc/motd
                secrets:
                  db_password:
                    file: ./db_password.txt
                  api_key:
                    environment: API_KEY
                configs:
                  nginx_conf:
                    content: "server {}"
                  motd:
                    environment: MOTD
                """);
        var web = stack.service("web");
        assertThat(web.secrets()).containsExactly(new FileReference("db_password", "/run/secrets/db_password", null, null, null),
                new FileReference("api_key", "/run/secrets/key", "103", "103", 0440));
        assertThat(web.configs()).containsExactly(new FileReference("nginx_conf", "/nginx_conf", null, null, null),
                new FileReference("motd", "/etc/motd", null, null, null));
        assertThat(stack.secrets().get("db_password").file()).isEqualTo(dir.resolve("db_password.txt").toString());
        assertThat(stack.configs().get("nginx_conf").content()).isEqualTo("server {}");
    }

    @Test
    void restartValues() {
        for (String r : List.of("no", "always", "on-failure", "on-failure:5", "unless-stopped")) {
            assertThat(web("image: x\nrestart: " + r + "\n").restart()).isEqualTo(r);
        }
        assertThat(Load.serviceErrors(tmp, "image: x\nrestart: sometimes\n")).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("services.web.restart");
            assertThat(e.message()).isEqualTo("invalid restart policy \"sometimes\": expected no, always, on-failure[:N] or unless-stopped");
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.column()).isEqualTo(14);
        });
    }

    @Test
    void replicasAndResources() {
        var deploy = web("""
                image: x
                deploy:
                  replicas: 3
                  resources:
                    limits:
                      cpus: "0.5"
                      memory: 512m
                      pids: 100
                    reservations:
                      memory: 100k
                """);
        assertThat(deploy.replicas()).isEqualTo(3);
        assertThat(deploy.resources()).isEqualTo(new ResourceSpec(512L << 20, 500_000_000L, 100L, 102_400L));
        var legacy = web("image: x\nscale: 2\nmem_limit: 1g\ncpus: 2\nmem_reservation: 1024\npids_limit: 10\n");
        assertThat(legacy.replicas()).isEqualTo(2);
        assertThat(legacy.resources()).isEqualTo(new ResourceSpec(1L << 30, 2_000_000_000L, 10L, 1024L));
        assertThat(web("image: x\n").replicas()).isEqualTo(1);
        assertThat(web("image: x\nscale: 0\n").replicas()).isZero();
    }

    @Test
    void replicaAndResourceConflicts() {
        var errors = Load.serviceErrors(tmp, """
                image: x
                scale: 2
                mem_limit: 1g
                deploy:
                  replicas: 3
                  resources:
                    limits:
                      memory: 2g
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.scale scale (2) and deploy.replicas (3) disagree: set only one",
                "services.web.mem_limit mem_limit and services.web.deploy.resources.limits.memory disagree: set only one");
        assertThat(Load.serviceErrors(tmp, "image: x\ndeploy:\n  replicas: -1\n")).singleElement()
                .satisfies(e -> assertThat(e.path() + " " + e.message()).isEqualTo("services.web.deploy.replicas must be between 0 and 1000, got -1"));
    }

    @Test
    void buildAsStringOrMap() throws Exception {
        Path dir = Load.dir(tmp);
        Files.createDirectories(dir.resolve("app"));
        assertThat(web("build: ./app\n").build()).isEqualTo(new ServiceSpec.BuildSpec(dir.resolve("app").toString(), null, null, null));
        var b = Load.stack(tmp, """
                services:
                  web:
                    build:
                      context: app
                      dockerfile: Dockerfile.prod
                      args:
                        - VERSION=1.0
                        - FROM_ENV
                      target: runtime
                """, Map.of("FROM_ENV", "yes")).service("web").build();
        assertThat(b).isEqualTo(new ServiceSpec.BuildSpec(dir.resolve("app").toString(), "Dockerfile.prod",
                new java.util.TreeMap<>(Map.of("VERSION", "1.0", "FROM_ENV", "yes")), "runtime"));
        assertThat(web("build: https://github.com/docker/rootfs.git#main\n").build().context())
                .isEqualTo("https://github.com/docker/rootfs.git#main");
    }

    @Test
    void pullPolicyAndLogging() {
        assertThat(web("image: x\npull_policy: if_not_present\n").pullPolicy()).isEqualTo("missing");
        assertThat(web("image: x\npull_policy: always\n").pullPolicy()).isEqualTo("always");
        var logging = web("image: x\nlogging:\n  driver: json-file\n  options:\n    max-size: 10m\n    max-file: 3\n").logging();
        assertThat(logging.driver()).isEqualTo("json-file");
        assertThat(logging.options()).containsExactly(entry("max-file", "3"), entry("max-size", "10m"));
    }

    @Test
    void plainKeys() {
        var s = web("""
                image: x
                container_name: my-web
                hostname: web
                domainname: example.com
                working_dir: /app
                user: "1000:1000"
                stop_signal: SIGINT
                stop_grace_period: 1m30s
                cap_add: [NET_ADMIN]
                cap_drop: [ALL]
                privileged: true
                read_only: true
                init: true
                tty: true
                stdin_open: true
                expose: ["3000", 8000-8010, 53/udp]
                dns: 8.8.8.8
                platform: linux/amd64
                runtime: runc
                """);
        assertThat(s.containerName()).isEqualTo("my-web");
        assertThat(s.hostname()).isEqualTo("web");
        assertThat(s.domainname()).isEqualTo("example.com");
        assertThat(s.workingDir()).isEqualTo("/app");
        assertThat(s.user()).isEqualTo("1000:1000");
        assertThat(s.stopSignal()).isEqualTo("SIGINT");
        assertThat(s.stopGracePeriod()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.capAdd()).containsExactly("NET_ADMIN");
        assertThat(s.capDrop()).containsExactly("ALL");
        assertThat(s.privileged() && s.readOnly() && s.tty() && s.stdinOpen()).isTrue();
        assertThat(s.init()).isTrue();
        // a range is one entry per port: the engine takes them one by one
        assertThat(s.expose()).containsExactly("3000", "8000", "8001", "8002", "8003", "8004", "8005", "8006", "8007", "8008",
                "8009", "8010", "53/udp");
        assertThat(s.dns()).containsExactly("8.8.8.8");
        assertThat(web("image: x\ndns: [1.1.1.1, 8.8.8.8]\n").dns()).containsExactly("1.1.1.1", "8.8.8.8");
        assertThat(s.platform()).isEqualTo("linux/amd64");
        assertThat(s.runtime()).isEqualTo("runc");
    }

    @Test
    void xStackdSettings() {
        assertThat(web("image: x\n").stackd()).isEqualTo(StackdSettings.DEFAULTS);
        var s = web("image: x\nx-stackd:\n  restart-unhealthy: false\n  backoff-initial: 1s\n  backoff-max: 1m\n  backoff-reset: 1h\n");
        assertThat(s.stackd()).isEqualTo(new StackdSettings(false, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofHours(1)));
        var partial = web("image: x\nx-stackd:\n  backoff-max: 30m\n");
        assertThat(partial.stackd()).isEqualTo(new StackdSettings(true, Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofMinutes(10)));
        assertThat(Load.serviceErrors(tmp, "image: x\nx-stackd:\n  backoff-maxi: 1m\n")).singleElement()
                .satisfies(e -> assertThat(e.path() + " " + e.message())
                        .isEqualTo("services.web.x-stackd.backoff-maxi unknown x-stackd key \"backoff-maxi\": did you mean \"backoff-max\"?"));
    }

    @Test
    void extensionsAndMergeKeysAreAllowed() {
        var stack = Load.stack(tmp, """
                version: "3.9"
                x-common: &common
                  image: busybox
                  restart: always
                services:
                  a:
                    <<: *common
                    x-note: anything
                  b:
                    <<: *common
                    restart: "no"
                networks:
                  x-ignored: {}
                """);
        assertThat(stack.service("a").image()).isEqualTo("busybox");
        assertThat(stack.service("a").restart()).isEqualTo("always");
        assertThat(stack.service("b").restart()).isEqualTo("no");
        assertThat(stack.networks()).containsOnlyKeys("default");
    }
}
