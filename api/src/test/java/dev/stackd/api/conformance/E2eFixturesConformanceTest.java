package dev.stackd.api.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.ValidationError;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.compose.LoadResult;
import dev.stackd.api.model.StackSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docker/compose's end-to-end fixtures ({@code pkg/e2e/fixtures}): every compose file docker compose accepts is
 * accepted by {@code stackd validate}, except the deliberate refusals docs/manifest.md lists. The fixtures are not
 * copied: each case is a small document of our own with the fixture's distinctive feature, named after it.
 *
 * <p>A case is one of: accepted; refused deliberately (the key is refused by name, and docs/manifest.md lists it);
 * refused by compose too (the whole project does not load there either); or pending: refused today for a feature
 * another part of issue 10 brings (several files, profiles, extends: h/files; service keys: h/keys). A pending case
 * asserts today's refusal, so it fails the day the feature lands: then it becomes an accepted case.
 */
class E2eFixturesConformanceTest {
    private static final Path MANIFEST_DOC = Path.of("..").toAbsolutePath().normalize().resolve("docs/manifest.md");

    enum Verdict { ACCEPTED, REFUSED_DELIBERATELY, REFUSED_BY_COMPOSE_TOO, PENDING }

    /**
     * @param refusedAt   the path of the error that refuses it (not accepted cases)
     * @param refusedKey  the key refused by name (deliberate refusals), as docs/manifest.md writes it
     * @param unblockedBy which branch of issue 10 makes a pending case accepted
     */
    record Case(String fixture, String compose, Map<String, String> files, Map<String, String> env, Verdict verdict,
                String refusedAt, String refusedKey, String unblockedBy, Consumer<StackSpec> check) {
        @Override
        public String toString() {
            return fixture + " (" + verdict + ")";
        }

        Case file(String path, String content) {
            var all = new LinkedHashMap<>(files);
            all.put(path, content);
            return new Case(fixture, compose, all, env, verdict, refusedAt, refusedKey, unblockedBy, check);
        }

        Case env(String name, String value) {
            var all = new LinkedHashMap<>(env);
            all.put(name, value);
            return new Case(fixture, compose, files, all, verdict, refusedAt, refusedKey, unblockedBy, check);
        }

        Case check(Consumer<StackSpec> c) {
            return new Case(fixture, compose, files, env, verdict, refusedAt, refusedKey, unblockedBy, c);
        }
    }

    private static Case accepted(String fixture, String compose) {
        return new Case(fixture, compose, Map.of(), Map.of(), Verdict.ACCEPTED, null, null, null, s -> { });
    }

    private static Case deliberate(String fixture, String refusedAt, String key, String compose) {
        return new Case(fixture, compose, Map.of(), Map.of(), Verdict.REFUSED_DELIBERATELY, refusedAt, key, null, s -> { });
    }

    private static Case composeRefuses(String fixture, String refusedAt, String compose) {
        return new Case(fixture, compose, Map.of(), Map.of(), Verdict.REFUSED_BY_COMPOSE_TOO, refusedAt, null, null, s -> { });
    }

    private static Case pending(String fixture, String refusedAt, String unblockedBy, String compose) {
        return new Case(fixture, compose, Map.of(), Map.of(), Verdict.PENDING, refusedAt, null, unblockedBy, s -> { });
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        // fixtures/attach-restart/compose.yaml: deploy.restart_policy with a condition and a number of attempts
        c.add(accepted("attach-restart/compose.yaml", """
                services:
                  job:
                    image: busybox
                    command: sh -c "exit 1"
                    deploy:
                      restart_policy: {condition: on-failure, max_attempts: 3}
                """).check(s -> assertThat(s.service("job").restart()).isEqualTo("on-failure:3")));
        // fixtures/bridge-build-only/compose.yaml: a service built from "." with only an exposed port
        c.add(accepted("bridge-build-only/compose.yaml", """
                services:
                  app:
                    build: .
                    expose: ["9000"]
                """).check(s -> assertThat(s.service("app").expose()).containsExactly("9000")));
        // fixtures/bridge/compose.yaml: image and build together, an internal network, a config with a target, a secret
        c.add(accepted("bridge/compose.yaml", """
                services:
                  front:
                    image: busybox
                    build: .
                    ports: [8088:8080]
                    networks: [inside]
                    configs:
                      - source: settings
                        target: /etc/settings.txt
                  back:
                    image: busybox
                    build: .
                    secrets: [password]
                    networks: [inside, outside]
                configs:
                  settings: {file: settings.txt}
                secrets:
                  password: {file: password.txt}
                networks:
                  inside: {internal: true}
                  outside: {}
                """).file("settings.txt", "a=1").file("password.txt", "x")
                .check(s -> assertThat(s.networks().get("inside").internal()).isTrue()));
        // fixtures/build-dependencies/classic.yaml: a service built on an image another service of the stack builds
        c.add(accepted("build-dependencies/classic.yaml", """
                services:
                  base:
                    image: local/base
                    init: true
                    build: {context: ., dockerfile: base.Dockerfile}
                  app:
                    init: true
                    depends_on: [base]
                    build: {context: ., dockerfile: app.Dockerfile}
                """));
        // fixtures/build-dependencies/compose.yaml: build.additional_contexts naming another service
        c.add(deliberate("build-dependencies/compose.yaml", "services.app.build.additional_contexts", "additional_contexts", """
                services:
                  base: {build: .}
                  app:
                    build:
                      context: .
                      additional_contexts: {base: "service:base"}
                """));
        // fixtures/build-infinite/compose.yaml: build: a subfolder, indented by four spaces, no final newline
        c.add(accepted("build-infinite/compose.yaml", "services:\n    one:\n        build: one").file("one/", ""));
        // fixtures/build-test/compose.yaml: a container port alone (published by the engine), and build with image
        c.add(accepted("build-test/compose.yaml", """
                services:
                  a:
                    build: ctx-a
                    ports:
                      - 80
                  b:
                    build: ctx-b
                    image: custom-b
                """).file("ctx-a/", "").file("ctx-b/", "")
                .check(s -> assertThat(s.service("a").ports().getFirst().published()).isNull()));
        // fixtures/build-test/entitlements/compose.yaml: build.entitlements
        c.add(deliberate("build-test/entitlements/compose.yaml", "services.app.build.entitlements", "entitlements", """
                services:
                  app:
                    build: {context: ., entitlements: [network.host]}
                """));
        // fixtures/build-test/minimal/compose.yaml: build: . and nothing else, no final newline
        c.add(accepted("build-test/minimal/compose.yaml", "services:\n  only:\n    build: ."));
        // fixtures/build-test/multi-args/compose.yaml: build.args as a map, and build.labels
        c.add(deliberate("build-test/multi-args/compose.yaml", "services.app.build.labels", "labels", """
                services:
                  app:
                    build:
                      context: .
                      args: {BASE: busybox, VERSION: "1"}
                      labels: [stage=test]
                """));
        // fixtures/build-test/platforms/compose-multiple-platform-builds.yaml: several services built for several platforms
        c.add(deliberate("build-test/platforms/compose-multiple-platform-builds.yaml", "services.a.build.platforms", "platforms", """
                services:
                  a: {image: x/a, build: {context: ., platforms: [linux/amd64, linux/arm64]}}
                  b: {image: x/b, build: {context: ., platforms: [linux/amd64, linux/arm64]}}
                """));
        // fixtures/build-test/platforms/compose-service-platform-and-no-build-platforms.yaml: platform: with a build
        c.add(accepted("build-test/platforms/compose-service-platform-and-no-build-platforms.yaml", """
                services:
                  app: {image: x/app, platform: linux/arm64, build: {context: .}}
                """).check(s -> assertThat(s.service("app").platform()).isEqualTo("linux/arm64")));
        // fixtures/build-test/platforms/compose-service-platform-not-in-build-platforms.yaml: compose refuses a
        // platform: missing from build.platforms ("service.build.platforms MUST include service.platform")
        c.add(composeRefuses("build-test/platforms/compose-service-platform-not-in-build-platforms.yaml", "services.app.build.platforms", """
                services:
                  app: {image: x/app, platform: linux/s390x, build: {context: ., platforms: [linux/amd64]}}
                """));
        // fixtures/build-test/platforms/compose-unsupported-platform.yml: a platform no builder knows, among others
        c.add(deliberate("build-test/platforms/compose-unsupported-platform.yml", "services.app.build.platforms", "platforms", """
                services:
                  app: {image: x/app, build: {context: ., platforms: [nope/nope, linux/amd64]}}
                """));
        // fixtures/build-test/platforms/compose.yaml: one service built for two platforms
        c.add(deliberate("build-test/platforms/compose.yaml", "services.app.build.platforms", "platforms", """
                services:
                  app: {image: x/app, build: {context: ., platforms: [linux/amd64, linux/arm64]}}
                """));
        // fixtures/build-test/privileged/compose.yaml: build.privileged
        c.add(deliberate("build-test/privileged/compose.yaml", "services.app.build.privileged", "privileged", """
                services:
                  app: {build: {context: ., privileged: true}}
                """));
        // fixtures/build-test/ssh/compose-without-ssh.yaml: image and a build in the long syntax with a context only
        c.add(accepted("build-test/ssh/compose-without-ssh.yaml", """
                services:
                  app: {image: x/app, build: {context: .}}
                """));
        // fixtures/build-test/ssh/compose.yaml: build.ssh with a key file
        c.add(deliberate("build-test/ssh/compose.yaml", "services.app.build.ssh", "ssh", """
                services:
                  app: {image: x/app, build: {context: ., ssh: [key=./id_rsa]}}
                """));
        // fixtures/cascade/compose.yaml: depends_on with service_started and service_completed_successfully
        c.add(accepted("cascade/compose.yaml", """
                services:
                  up: {image: busybox, command: sleep 1000, init: true}
                  once:
                    image: busybox
                    command: /bin/true
                    depends_on: {up: {condition: service_started}}
                  last:
                    image: busybox
                    command: sh -c "exit 3"
                    depends_on: {once: {condition: service_completed_successfully}}
                """).check(s -> assertThat(s.service("last").dependsOn().get("once").condition()).isEqualTo("service_completed_successfully")));
        // fixtures/config_hash/compose.yaml: env_file short, and long with required: false for a missing file
        c.add(accepted("config_hash/compose.yaml", """
                services:
                  a: {image: busybox, env_file: [a.env]}
                  b:
                    image: busybox
                    env_file:
                      - path: absent.env
                        required: false
                """).file("a.env", "COLOR=blue\n")
                .check(s -> assertThat(s.service("a").environment()).containsEntry("COLOR", "blue")));
        // fixtures/dotenv/development/compose.yaml: unbraced $VARS from a .env that sets COMPOSE_FILE and
        // COMPOSE_PROFILES, and a service only in a profile
        c.add(accepted("dotenv/development/compose.yaml", """
                services:
                  main: {image: $NAME:$TAG}
                  extra: {profiles: [extra], image: busybox}
                """).file(".env", "NAME=app\nTAG=2\nCOMPOSE_PROFILES=extra\n"));
        // fixtures/env_file/compose.yaml: a required env_file that does not exist: compose refuses the whole project
        // too ("env file ... not found"; it runs only the services that do not use it)
        c.add(composeRefuses("env_file/compose.yaml", "services.b.env_file[0]", """
                services:
                  a: {image: busybox}
                  b: {image: busybox, env_file: [/nonexistent/app.env]}
                """));
        // fixtures/logs-test/cat.yaml: a bind mount whose source is a variable
        c.add(accepted("logs-test/cat.yaml", """
                services:
                  reader:
                    image: busybox
                    command: cat /input.txt
                    volumes:
                      - ${INPUT}:/input.txt
                """).env("INPUT", "/tmp/input.txt")
                .check(s -> assertThat(s.service("reader").volumes().getFirst().source()).isEqualTo("/tmp/input.txt")));
        // fixtures/logs-test/compose.yaml: a default inside a command, and deploy.replicas
        c.add(accepted("logs-test/compose.yaml", """
                services:
                  ping:
                    image: busybox
                    init: true
                    command: ping 127.0.0.1 -c ${COUNT:-2}
                  hello: {image: busybox, command: echo hi, deploy: {replicas: 3}}
                """).check(s -> {
                    assertThat(s.service("ping").command()).containsExactly("ping", "127.0.0.1", "-c", "2");
                    assertThat(s.service("hello").replicas()).isEqualTo(3);
                }));
        // fixtures/logs-test/restart.yaml: restart "on-failure:N" quoted, a command string with nested quotes
        c.add(accepted("logs-test/restart.yaml", """
                services:
                  flaky:
                    image: busybox
                    command: "sh -c 'sleep 1 && exit 1'"
                    restart: "on-failure:3"
                """).check(s -> assertThat(s.service("flaky").command()).containsExactly("sh", "-c", "sleep 1 && exit 1")));
        // fixtures/nested/compose.yaml: unbraced variables from the .env beside the file
        c.add(accepted("nested/compose.yaml", """
                services:
                  say: {image: busybox, command: echo $FIRST $SECOND x=$THIRD}
                """).file(".env", "FIRST=one\nTHIRD=three\n")
                .check(s -> assertThat(s.service("say").command()).containsExactly("echo", "one", "x=three")));
        // fixtures/network-recreate/compose.yaml: network labels in the list form, with a default in the value
        c.add(accepted("network-recreate/compose.yaml", """
                services:
                  web: {image: nginx, networks: [lan]}
                networks:
                  lan:
                    labels:
                      - team=${TEAM:-core}
                """).check(s -> assertThat(s.networks().get("lan").labels()).containsEntry("team", "core")));
        // fixtures/network-test/compose.yaml: network_mode service:, networks with engine names
        c.add(accepted("network-test/compose.yaml", """
                services:
                  helper: {image: busybox, network_mode: "service:db", environment: [A=yes]}
                  db: {image: postgres, init: true, networks: [data, spare]}
                  api: {image: busybox, ports: ["8080"], networks: [data, apps]}
                networks:
                  data:
                  apps: {name: all-apps}
                  spare: {name: spare-net}
                """).check(s -> assertThat(s.networks().get("apps").name()).isEqualTo("all-apps")));
        // fixtures/project-volume-bind-test/docker-compose.yml: container_name, a local volume bound to a folder
        // through driver_opts, the folder from a variable
        c.add(accepted("project-volume-bind-test/docker-compose.yml", """
                services:
                  web:
                    image: nginx
                    container_name: the-web
                    volumes: [site:/usr/share/nginx/html]
                volumes:
                  site:
                    driver: local
                    driver_opts: {type: none, o: bind, device: "${SITE_DIR}"}
                """).env("SITE_DIR", "/srv/site")
                .check(s -> assertThat(s.volumes().get("site").driverOpts()).containsEntry("device", "/srv/site")));
        // fixtures/ps-test/compose.yaml: expose as quoted strings, a port published on one address
        c.add(accepted("ps-test/compose.yaml", """
                services:
                  web:
                    image: nginx
                    expose:
                    - '80'
                    - '443'
                  box:
                    image: busybox
                    ports:
                    - '127.0.0.1:9001:9000'
                """).check(s -> assertThat(s.service("box").ports().getFirst().hostIp()).isEqualTo("127.0.0.1")));
        // fixtures/publish/oci/compose-interpolated.yaml: environment with a default
        c.add(accepted("publish/oci/compose-interpolated.yaml", """
                services:
                  app: {image: busybox, environment: {WORD: "${WORD:-hi}"}}
                """).check(s -> assertThat(s.service("app").environment()).containsEntry("WORD", "hi")));
        // fixtures/publish/oci/compose-override.yaml: an override file: a service with only env_file, merged over
        // the main file by -f compose.yaml -f compose-override.yaml (ProjectFiles' merge tests cover that); alone it
        // has neither an image nor a build, which docker compose refuses too
        c.add(composeRefuses("publish/oci/compose-override.yaml", "services.app", """
                services:
                  app: {env_file: app.env}
                """).file("app.env", "A=1\n"));
        // fixtures/publish/oci/compose.yaml: extends: a service of another file
        c.add(accepted("publish/oci/compose.yaml", """
                services:
                  app:
                    extends: {file: base.yaml, service: base}
                """).file("base.yaml", "services:\n  base: {image: busybox}\n"));
        // fixtures/publish/oci/extends.yaml: the file extended: one service, an image and nothing else
        c.add(accepted("publish/oci/extends.yaml", "services:\n  base:\n    image: busybox"));
        // fixtures/restart-test/compose-depends-on.yaml: depends_on with restart: true on a healthy service, a
        // healthcheck test as a string, labels as a map with a default
        c.add(accepted("restart-test/compose-depends-on.yaml", """
                services:
                  follower:
                    image: busybox
                    stop_signal: SIGTERM
                    depends_on:
                      leader: {condition: service_healthy, restart: true}
                  leader:
                    image: nginx
                    labels: {ROLE: "${ROLE:-lead}"}
                    healthcheck:
                      test:     "wget -q -O /dev/null localhost"
                      interval: 3s
                      timeout:  1s
                      retries:  5
                """).check(s -> {
                    assertThat(s.service("follower").dependsOn().get("leader").restart()).isTrue();
                    assertThat(s.service("leader").healthcheck().test()).containsExactly("CMD-SHELL", "wget -q -O /dev/null localhost");
                }));
        // fixtures/restart-test/compose.yaml: a service only in a profile
        c.add(accepted("restart-test/compose.yaml", """
                services:
                  main: {image: busybox, init: true}
                  tool: {image: busybox, profiles: [tools]}
                """));
        // fixtures/run-test/piped-test.yaml: comments after the keys, a shell test in a command string
        c.add(accepted("run-test/piped-test.yaml", """
                services:
                  echo:
                    image: busybox
                    command: cat
                    # reads what is piped in
                  tty:
                    image: busybox
                    command: sh -c "if [ -t 0 ]; then echo tty; else echo none; fi"
                    # tells whether it has a terminal
                """));
        // fixtures/sentences/compose.yaml: a healthcheck in the CMD form with an interval, containers with init
        c.add(accepted("sentences/compose.yaml", """
                services:
                  db: {image: postgres, init: true}
                  web:
                    image: nginx
                    init: true
                    ports: ["80"]
                    labels: ["tier=front"]
                    healthcheck:
                      test: ["CMD", "wget", "-q", "http://localhost/"]
                      interval: 3s
                """).check(s -> assertThat(s.service("web").healthcheck().test()).startsWith("CMD")));
        // fixtures/simple-build-test/compose-interpolate.yaml: the dockerfile's name from a variable
        c.add(accepted("simple-build-test/compose-interpolate.yaml", """
                services:
                  web:
                    build:
                      context: site
                      dockerfile: ${DOCKERFILE}
                """).file("site/", "").env("DOCKERFILE", "Dockerfile.dev")
                .check(s -> assertThat(s.service("web").build().dockerfile()).isEqualTo("Dockerfile.dev")));
        // fixtures/simple-build-test/compose.yaml: a build with a context folder and a dockerfile
        c.add(accepted("simple-build-test/compose.yaml", """
                services:
                  web:
                    build:
                      context: site
                      dockerfile: Dockerfile
                """).file("site/", ""));
        // fixtures/simple-composefile/compose.yaml: two services running the same command
        c.add(accepted("simple-composefile/compose.yaml", """
                services:
                  one: {image: busybox, command: top}
                  two: {image: busybox, command: top}
                """));
        // fixtures/start-stop/compose.yaml: two spaces after "image:"
        c.add(accepted("start-stop/compose.yaml", "services:\n  a:\n    image:  nginx:alpine\n")
                .check(s -> assertThat(s.service("a").image()).isEqualTo("nginx:alpine")));
        // fixtures/start-stop/other.yaml: service names with dashes
        c.add(accepted("start-stop/other.yaml", """
                services:
                  one-more: {image: nginx}
                  and-one-more: {image: nginx}
                """));
        // fixtures/ups-deps-stop/compose.yaml: depends_on as a flow list of quoted names
        c.add(accepted("ups-deps-stop/compose.yaml", """
                services:
                  dep: {image: busybox, init: true, command: sleep 100}
                  app:
                    depends_on: ['dep']
                    image: busybox
                    command: /bin/sh -c 'while true; do echo "app"; sleep 1; done'
                """).check(s -> assertThat(s.service("app").dependsOn()).containsKey("dep")));
        // fixtures/ups-deps-stop/orphan.yaml: one service (its fixture's point is the orphans of another file)
        c.add(accepted("ups-deps-stop/orphan.yaml", """
                services:
                  leftover: {image: busybox, init: true, command: sleep 100}
                """));
        // fixtures/volume-test/compose.yaml: a relative bind, a read-only named volume, an anonymous volume, a
        // volume with an engine name, a config and a secret from the same file
        c.add(accepted("volume-test/compose.yaml", """
                services:
                  web:
                    build: site
                    volumes:
                      - ./public:/usr/share/nginx/html
                    ports: [80]
                  web2:
                    build: site
                    volumes:
                      - pages:/usr/share/nginx/html:ro
                      - /app/node_modules
                      - other:/data
                    configs: [page]
                    secrets: [page-secret]
                volumes:
                  pages:
                  other: {name: my-other-volume}
                configs:
                  page: {file: ./public/index.html}
                secrets:
                  page-secret: {file: ./public/index.html}
                """).file("site/", "").file("public/index.html", "<p>hi</p>")
                .check(s -> assertThat(s.volumes().get("other").name()).isEqualTo("my-other-volume")));
        // fixtures/wait/compose.yaml: services that end after different times
        c.add(accepted("wait/compose.yaml", """
                services:
                  quick: {image: busybox, command: sleep 1}
                  slow: {image: busybox, command: sleep 3}
                  forever: {image: busybox, command: sleep infinity}
                """));
        // fixtures/watch/compose.yaml: develop.watch shared through a YAML anchor, dockerfile_inline
        c.add(deliberate("watch/compose.yaml", "services.a.develop", "develop", """
                x-watch: &watch
                  watch:
                    - {action: sync, path: ./src, target: /src, ignore: ['*.tmp']}
                services:
                  a:
                    build: {dockerfile_inline: "FROM busybox"}
                    develop: *watch
                """));
        // fixtures/watch/exec.yaml: a watch action sync+exec
        c.add(deliberate("watch/exec.yaml", "services.a.develop", "develop", """
                services:
                  a:
                    image: busybox
                    develop:
                      watch:
                        - {path: ., target: /data, action: sync+exec, exec: {command: echo done}}
                """));
        // fixtures/watch/include.yaml: a watch rule with include
        c.add(deliberate("watch/include.yaml", "services.a.develop", "develop", """
                services:
                  a:
                    image: nginx
                    develop:
                      watch: [{path: ., include: "*.txt", target: /data/, action: sync}]
                """));
        // fixtures/watch/rebuild-deps.yaml: a Dockerfile written inline
        c.add(deliberate("watch/rebuild-deps.yaml", "services.a.build.dockerfile_inline", "dockerfile_inline", """
                services:
                  a:
                    build:
                      dockerfile_inline: |
                        FROM busybox
                        RUN echo built > /built
                """));
        // fixtures/watch/rebuild.yaml: a watch action rebuild
        c.add(deliberate("watch/rebuild.yaml", "services.a.develop", "develop", """
                services:
                  a:
                    build: .
                    develop:
                      watch: [{path: src, action: rebuild}]
                """));
        // fixtures/watch/symlink.yaml: develop.watch on a service with an image (no build)
        c.add(deliberate("watch/symlink.yaml", "services.a.develop", "develop", """
                services:
                  a:
                    image: busybox
                    develop:
                      watch: [{action: sync, path: ./data, target: /app/data}]
                """));
        // fixtures/watch/with-external-network.yaml: develop beside an external network with an engine name
        c.add(deliberate("watch/with-external-network.yaml", "services.a.develop", "develop", """
                services:
                  a:
                    image: busybox
                    develop: {watch: [{action: rebuild, path: .env}]}
                    networks: [shared]
                networks:
                  shared: {name: the-shared-net, external: true}
                """));
        // fixtures/watch/x-initialSync.yaml: a watch rule with initial_sync
        c.add(deliberate("watch/x-initialSync.yaml", "services.a.develop", "develop", """
                services:
                  a:
                    image: busybox
                    develop:
                      watch: [{path: ., target: /data, action: sync, initial_sync: true}]
                """));
        // fixtures/wrong-composefile/build-error.yml: a build whose Dockerfile fails: the file itself is valid
        c.add(accepted("wrong-composefile/build-error.yml", "services:\n  a:\n    build:  ctx\n").file("ctx/", ""));
        // fixtures/wrong-composefile/compose.yaml: an unknown service key: compose refuses it too
        c.add(composeRefuses("wrong-composefile/compose.yaml", "services.a.wrongKey", """
                services:
                  a:
                    image: busybox
                    wrongKey: 1
                """));
        // fixtures/wrong-composefile/unknown-image.yml: an image no registry has: the file itself is valid
        c.add(accepted("wrong-composefile/unknown-image.yml", "services:\n  a:\n    image:  no-such-image-anywhere\n"));
        return c;
    }

    /** The compose files of docker/compose's pkg/e2e/fixtures (expected outputs of `compose bridge` aside). */
    private static final List<String> FIXTURES = List.of(
            "attach-restart/compose.yaml", "bridge-build-only/compose.yaml", "bridge/compose.yaml",
            "build-dependencies/classic.yaml", "build-dependencies/compose.yaml", "build-infinite/compose.yaml",
            "build-test/compose.yaml", "build-test/entitlements/compose.yaml", "build-test/minimal/compose.yaml",
            "build-test/multi-args/compose.yaml", "build-test/platforms/compose-multiple-platform-builds.yaml",
            "build-test/platforms/compose-service-platform-and-no-build-platforms.yaml",
            "build-test/platforms/compose-service-platform-not-in-build-platforms.yaml",
            "build-test/platforms/compose-unsupported-platform.yml", "build-test/platforms/compose.yaml",
            "build-test/privileged/compose.yaml", "build-test/ssh/compose-without-ssh.yaml", "build-test/ssh/compose.yaml",
            "cascade/compose.yaml", "config_hash/compose.yaml", "dotenv/development/compose.yaml", "env_file/compose.yaml",
            "logs-test/cat.yaml", "logs-test/compose.yaml", "logs-test/restart.yaml", "nested/compose.yaml",
            "network-recreate/compose.yaml", "network-test/compose.yaml", "project-volume-bind-test/docker-compose.yml",
            "ps-test/compose.yaml", "publish/oci/compose-interpolated.yaml", "publish/oci/compose-override.yaml",
            "publish/oci/compose.yaml", "publish/oci/extends.yaml", "restart-test/compose-depends-on.yaml",
            "restart-test/compose.yaml", "run-test/piped-test.yaml", "sentences/compose.yaml",
            "simple-build-test/compose-interpolate.yaml", "simple-build-test/compose.yaml", "simple-composefile/compose.yaml",
            "start-stop/compose.yaml", "start-stop/other.yaml", "ups-deps-stop/compose.yaml", "ups-deps-stop/orphan.yaml",
            "volume-test/compose.yaml", "wait/compose.yaml", "watch/compose.yaml", "watch/exec.yaml", "watch/include.yaml",
            "watch/rebuild-deps.yaml", "watch/rebuild.yaml", "watch/symlink.yaml", "watch/with-external-network.yaml",
            "watch/x-initialSync.yaml", "wrong-composefile/build-error.yml", "wrong-composefile/compose.yaml",
            "wrong-composefile/unknown-image.yml");

    @TempDir
    Path tmp;

    private LoadResult load(Case c) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("project"));
        for (var f : c.files().entrySet()) {
            Path p = dir.resolve(f.getKey());
            if (f.getKey().endsWith("/")) {
                Files.createDirectories(p);
            } else {
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
            }
        }
        return ComposeLoader.load(LoadRequest.ofText(c.compose(), dir).withEnvironment(c.env()));
    }

    static Stream<Case> allCases() {
        return cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void fixture(Case c) throws IOException {
        LoadResult result = load(c);
        if (c.verdict() == Verdict.ACCEPTED) {
            assertThat(result.errors()).as(c.fixture()).isEmpty();
            c.check().accept(result.stack());
            return;
        }
        assertThat(result.errors()).as(c.fixture() + ": refused at " + c.refusedAt()).extracting(ValidationError::path).contains(c.refusedAt());
        if (c.verdict() == Verdict.REFUSED_DELIBERATELY) {
            assertThat(result.errors()).filteredOn(e -> e.path().equals(c.refusedAt())).first()
                    .satisfies(e -> assertThat(e.message()).contains("is not supported by stackd"));
        }
    }

    @Test
    void everyFixtureHasOneCase() {
        assertThat(cases()).extracting(Case::fixture).containsExactlyInAnyOrderElementsOf(FIXTURES);
    }

    @Test
    void everyDeliberateRefusalIsListedInTheManifestDocs() throws IOException {
        String doc = Files.readString(MANIFEST_DOC);
        for (Case c : cases()) {
            if (c.verdict() == Verdict.REFUSED_DELIBERATELY) assertThat(doc).as(c.fixture()).contains("`" + c.refusedKey() + "`");
        }
    }
}
