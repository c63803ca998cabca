package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {
    @TempDir
    Path tmp;

    @Test
    void refusedKeysAreNamedWithTheReason() {
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: x
                    credential_spec: {file: x.json}
                    develop: {watch: []}
                    deploy:
                      placement:
                        constraints: [node.role == manager]
                      endpoint_mode: vip
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.credential_spec \"credential_spec\" is not supported by stackd: Windows containers are not supported",
                "services.web.develop \"develop\" is not supported by stackd: watch mode is a development tool, not part of a reconciled spec",
                "services.web.deploy.placement \"placement\" is not supported by stackd: it needs Docker swarm, and stackd runs on one plain engine",
                "services.web.deploy.endpoint_mode \"endpoint_mode\" is not supported by stackd: it needs Docker swarm, and stackd runs on one plain engine");
    }

    @Test
    void keysOfTheCurrentSpecAreRefusedByNameNeverAsUnknown() {
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: x
                    pre_start: [{command: echo}]
                    pull_refresh_after: 1h
                    build: {context: ., provenance: true, sbom: true, no_cache_filter: [a]}
                    volumes:
                      - {type: volume, source: data, target: /d, volume: {labels: {a: b}}}
                      - {type: bind, source: /srv, target: /s, bind: {recursive: enabled}}
                volumes:
                  data:
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).allSatisfy(m -> assertThat(m).contains("is not supported by stackd: "))
                .extracting(m -> m.substring(0, m.indexOf(' '))).containsExactlyInAnyOrder(
                        "services.web.pre_start", "services.web.pull_refresh_after", "services.web.build.provenance",
                        "services.web.build.sbom", "services.web.build.no_cache_filter", "services.web.volumes[0].volume.labels",
                        "services.web.volumes[1].bind.recursive");
    }

    @Test
    void unknownKeysSuggestTheClosestKnownOne() {
        var errors = Load.errors(tmp, """
                service:
                  web:
                    image: x
                services:
                  web:
                    imgae: x
                    enviroment: {}
                    completely_unknown: 1
                    healthcheck:
                      intervl: 10s
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "service unknown top-level key \"service\": did you mean \"services\"?",
                "services.web service \"web\" needs an image or a build",
                "services.web.imgae unknown service key \"imgae\": did you mean \"image\"?",
                "services.web.enviroment unknown service key \"enviroment\": did you mean \"environment\"?",
                "services.web.completely_unknown unknown service key \"completely_unknown\"",
                "services.web.healthcheck.intervl unknown healthcheck key \"intervl\": did you mean \"interval\"?");
        assertThat(errors.get(2).line()).isEqualTo(6);
        assertThat(errors.get(2).column()).isEqualTo(5);
    }

    @Test
    void levenshtein() {
        assertThat(KeyTable.levenshtein("imgae", "image")).isEqualTo(2);
        assertThat(KeyTable.levenshtein("ports", "ports")).isZero();
        assertThat(KeyTable.levenshtein("", "abc")).isEqualTo(3);
    }
}
