package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.Manifests;
import dev.stackd.api.SpecReader;
import dev.stackd.api.ValidationError;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackd.api.model.StackSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A sent spec gets the compose validation: what the loader makes passes unchanged, anything else is refused at its path. */
class SpecValidatorTest {
    /** Every key stackd reads, in the syntaxes that normalise differently, with files and relative paths. */
    static final String EVERY_KEY = """
            name: every
            services:
              web:
                image: nginx:${TAG:-1.27}
                command: nginx -g 'daemon off;'
                entrypoint: ["/docker-entrypoint.sh"]
                env_file: [app.env, {path: optional.env, required: false}]
                environment: {PRICE: "$$5", UNSET: null, FROM_ENV:}
                ports: ["127.0.0.1:8080:80", "9000-9001:9000-9001/udp", {target: 443, published: "8443", host_ip: "::1"}, "3000"]
                expose: ["8081", "7000-7001/udp"]
                volumes:
                  - ./html:/usr/share/nginx/html:ro
                  - ~/cache:/cache
                  - data:/data:nocopy
                  - /anonymous
                  - {type: bind, source: /srv/conf, target: /etc/conf, read_only: true, bind: {create_host_path: false}}
                  - {type: tmpfs, target: /scratch, tmpfs: {size: 64m}}
                tmpfs: [/run]
                networks:
                  front: {aliases: [www, site], ipv4_address: 172.28.0.10, priority: 100}
                  back:
                depends_on:
                  api: {condition: service_healthy, restart: true}
                  ghost: {condition: service_started, required: false}
                healthcheck: {test: curl -f http://localhost, interval: 1m30s, timeout: 500ms, retries: 0, start_period: 1.5s, start_interval: 2s}
                restart: on-failure:3
                labels: [a=b, "c=$$d"]
                hostname: web
                domainname: example.org
                working_dir: /srv
                user: "1000:1000"
                stop_signal: SIGQUIT
                stop_grace_period: 1m
                deploy: {replicas: 2, resources: {limits: {cpus: "0.5", memory: 512m, pids: 100}, reservations: {memory: 1k,
                         devices: [{capabilities: [gpu], driver: nvidia, count: 2}, {capabilities: [compute], device_ids: ["0", "1"], options: {x: y}},
                                   {capabilities: [tpu], device_ids: []}]}}}
                gpus: all
                shm_size: 64m
                security_opt: [no-new-privileges, "label:disable", seccomp=./seccomp.json]
                ipc: service:db
                userns_mode: host
                group_add: [audio, 1000]
                cgroup_parent: /stackd
                links: [db, "db:database"]
                devices: ["/dev/null:/dev/mynull:rw", {source: /dev/zero}, vendor.com/gpu=0]
                oom_score_adj: -500
                oom_kill_disable: false
                memswap_limit: 1g
                mem_swappiness: 0
                cpu_shares: 512
                cpuset: 0-1
                cpu_period: 100000
                cpu_quota: 50000
                blkio_config: {weight: 300, weight_device: [{path: /dev/sda, weight: 400}], device_read_bps: [{path: /dev/sda, rate: 10m}],
                               device_read_iops: [{path: /dev/sda, rate: 100}], device_write_bps: [{path: /dev/sdb, rate: 1024}],
                               device_write_iops: [{path: /dev/sdb, rate: 50}]}
                mac_address: 02:42:ac:11:00:02
                annotations: {com.example.a: b}
                label_file: ./labels.env
                cap_add: [NET_ADMIN]
                cap_drop: [ALL]
                privileged: true
                read_only: true
                init: false
                tty: true
                stdin_open: true
                extra_hosts: ["db.local:10.0.0.2", "v6=::1"]
                dns: 8.8.8.8
                sysctls: {net.core.somaxconn: 1024}
                ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 512}
                secrets: [key, {source: cert, target: tls.pem, uid: "0", gid: "0", mode: 0440}]
                configs: [{source: conf, target: /etc/nginx/nginx.conf}]
                platform: linux/amd64
                runtime: runc
                pull_policy: if_not_present
                logging: {driver: json-file, options: {max-size: 10m}}
                x-stackd: {restart-unhealthy: false, backoff-initial: 1s, backoff-max: 1h, backoff-reset: 0}
              api:
                build: {context: ./api, dockerfile: Dockerfile.prod, args: {VERSION: "2", FROM_ENV:}, target: prod}
                healthcheck: {disable: true}
                network_mode: "service:db"
                scale: 0
              db:
                image: postgres:16
                command: []
                healthcheck: {test: ["CMD", "pg_isready"]}
            networks:
              front: {driver: bridge, internal: true, attachable: true, enable_ipv6: false, driver_opts: {a: b},
                      ipam: {driver: default, config: [{subnet: 172.28.0.0/16, ip_range: 172.28.5.0/24, gateway: 172.28.0.1}], options: {x: y}},
                      labels: {team: web}}
              back: {external: true, name: shared-back}
            volumes:
              data: {driver: local, driver_opts: {type: none}, labels: [k=v]}
              old: {external: true}
            secrets:
              key: {file: ./key.txt}
              cert: {environment: CERT}
            configs:
              conf: {content: "worker_processes $$auto;"}
            """;

    @TempDir
    Path tmp;

    private StackSpec loadedHere() throws Exception {
        Path dir = Load.dir(tmp);
        Files.createDirectories(dir.resolve("api"));
        Files.writeString(dir.resolve("app.env"), "FROM_FILE=has a $ sign\nEMPTY=\n");
        Files.writeString(dir.resolve("key.txt"), "secret");
        Files.writeString(dir.resolve("seccomp.json"), "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"note\": \"costs $1\"\n}\n");
        Files.writeString(dir.resolve("labels.env"), "from.file=1\na=overridden\n");
        return Load.stack(tmp, EVERY_KEY, Map.of("HOME", "/home/alice", "FROM_ENV", "caller"));
    }

    /** What the server does with a sent body: canonical JSON read strictly, then validated. */
    private static LoadResult sent(String json) {
        return SpecValidator.check(SpecReader.stack(SpecReader.tree(json)));
    }

    @Test
    void aSpecTheLoaderMadeFromEveryKeyPassesUnchanged() throws Exception {
        StackSpec spec = loadedHere();

        LoadResult result = sent(Manifests.toCanonicalJson(spec));

        assertThat(result.errors()).isEmpty();
        assertThat(result.stack()).isEqualTo(spec);
    }

    static Stream<String> examples() throws Exception {
        return ManifestExamples.names();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleStackPassesAsASentSpec(String example) {
        StackSpec spec = ManifestExamples.load(example);

        assertThat(sent(Manifests.toCanonicalJson(spec)).errors()).isEmpty();
    }

    private static final String BASE = """
            services:
              web: {image: nginx, networks: [front]}
              db: {image: postgres}
            networks:
              front:
            volumes:
              data:
            """;

    /** The spec the loader makes of BASE as canonical JSON, changed by {@code change}, then sent. */
    private List<ValidationError> errorsOf(java.util.function.Consumer<ObjectNode> change) {
        ObjectNode json = (ObjectNode) SpecReader.tree(Manifests.toCanonicalJson(Load.stack(tmp, BASE)));
        change.accept(json);
        return sent(json.toString()).errors();
    }

    private static ObjectNode service(ObjectNode spec, String name) {
        return (ObjectNode) spec.path("services").path(name);
    }

    @Test
    void theUnchangedBaseSpecPasses() {
        assertThat(errorsOf(spec -> { })).isEmpty();
    }

    @Test
    void aSpecWithoutTheDefaultsTheLoaderAddsIsRefusedAtThem() {
        var errors = errorsOf(spec -> ((ObjectNode) spec.path("networks")).remove("default"));

        assertThat(errors).extracting(ValidationError::path).containsExactly("networks.default");
        assertThat(errors.getFirst().message()).startsWith("a value is required here");
    }

    @Test
    void negativeReplicasAreRefusedAtTheSpecsField() {
        var errors = errorsOf(spec -> service(spec, "web").put("replicas", -1));

        assertThat(errors).extracting(ValidationError::path).containsExactly("services.web.replicas");
        assertThat(errors.getFirst().message()).contains("between 0 and 1000");
    }

    @Test
    void aDependencyCycleIsRefused() {
        var errors = errorsOf(spec -> {
            service(spec, "web").putObject("dependsOn").putObject("db").put("condition", "service_started").put("restart", false).put("required", true);
            service(spec, "db").putObject("dependsOn").putObject("web").put("condition", "service_started").put("restart", false).put("required", true);
        });

        assertThat(errors).anySatisfy(e -> {
            assertThat(e.path()).endsWith(".dependsOn");
            assertThat(e.message()).contains("dependency cycle");
        });
    }

    @Test
    void undeclaredNetworksAndVolumesAreRefused() {
        var errors = errorsOf(spec -> {
            ((ObjectNode) service(spec, "web").path("networks")).putObject("ghost");
            service(spec, "web").putArray("volumes").addObject().put("type", "volume").put("source", "nowhere").put("target", "/d").put("readOnly", false);
        });

        assertThat(errors).extracting(ValidationError::path).contains("services.web.networks.ghost", "services.web.volumes[0].source");
    }

    @Test
    void nullsWhereAValueIsNeededAreRefusedAtTheirPath() {
        var errors = errorsOf(spec -> {
            service(spec, "web").putObject("dependsOn").putNull("db");
            ((ObjectNode) service(spec, "web").path("networks")).putNull("front");
        });
        var noImage = errorsOf(spec -> service(spec, "db").putNull("image"));

        assertThat(errors).extracting(ValidationError::path).containsExactly("services.web.dependsOn.db", "services.web.networks.front");
        assertThat(noImage).extracting(ValidationError::path).containsExactly("services.db");
    }

    @Test
    void pathLikeServiceNamesAreRefused() {
        var errors = errorsOf(spec -> ((ObjectNode) spec.path("services")).set("../../x", service(spec, "db").deepCopy().put("name", "../../x")));

        assertThat(errors).extracting(ValidationError::path).contains("services.../../x");
    }

    @Test
    void relativeAndHomePathsAreRefusedAsInARemoteComposeFile() {
        var errors = errorsOf(spec -> {
            service(spec, "web").putArray("volumes").addObject().put("type", "bind").put("source", "../../etc").put("target", "/x").put("readOnly", false);
            service(spec, "db").putObject("build").put("context", "~/src");
            ((ObjectNode) spec.putObject("secrets")).putObject("k").put("name", "k").put("file", "key.txt");
        });

        assertThat(errors).extracting(ValidationError::path)
                .contains("services.web.volumes[0].source", "services.db.build.context", "secrets.k.file");
    }

    @Test
    void aValueTheLoaderWouldWriteOtherwiseIsRefusedWithItsNormalisedForm() {
        var errors = errorsOf(spec -> service(spec, "web").putArray("ports").addObject().put("target", 80));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("services.web.ports[0].protocol");
            assertThat(e.message()).contains("\"tcp\"");
        });
    }

    @Test
    void valuesAreNotInterpolatedTwice() throws Exception {
        StackSpec spec = loadedHere();
        assertThat(spec.service("web").environment()).containsEntry("FROM_FILE", "has a $ sign").containsEntry("PRICE", "$5");

        assertThat(sent(Manifests.toCanonicalJson(spec)).stack()).isEqualTo(spec);
    }
}
