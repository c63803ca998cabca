package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stackd.api.model.ServiceSpec.DependsOn;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dns_opt, dns_search, uts, cgroup, device_cgroup_rules, storage_opt, external_links and volumes_from: refused by
 * stackd until now, handed to the engine's create call by compose (create.go).
 */
class MoreHostKeysTest {
    @TempDir
    Path tmp;

    @Test
    void readAsComposeHandsThemToTheEngine() {
        var stack = Load.stack(tmp, """
                services:
                  data: {image: x}
                  web:
                    image: x
                    dns_opt: [use-vc, "ndots:2"]
                    dns_search: example.com
                    uts: host
                    cgroup: private
                    device_cgroup_rules: ["c 1:3 mr", "a *:* rwm"]
                    storage_opt: {size: 20G}
                    external_links: [legacy-db, "legacy-cache:cache"]
                    volumes_from: [data, "data:ro", "container:other-project-db:rw"]
                """);
        var web = stack.service("web");
        assertThat(web.dnsOpt()).containsExactly("use-vc", "ndots:2");
        assertThat(web.dnsSearch()).containsExactly("example.com");
        assertThat(web.uts()).isEqualTo("host");
        assertThat(web.cgroup()).isEqualTo("private");
        assertThat(web.deviceCgroupRules()).containsExactly("c 1:3 mr", "a *:* rwm");
        assertThat(web.storageOpt()).isEqualTo(Map.of("size", "20G"));
        assertThat(web.externalLinks()).containsExactly("legacy-db", "legacy-cache:cache");
        assertThat(web.volumesFrom()).containsExactly("data", "data:ro", "container:other-project-db:rw");
        // compose-go normalize: volumes_from a service is a dependency, started first, not restarted with it
        assertThat(web.dependsOn()).containsEntry("data", new DependsOn("service_started", false, true));
        assertThat(web.volumesFromServices()).containsExactly("data", "data");
        assertThat(stack.startOrder()).containsSubsequence("data", "web");
    }

    @Test
    void eachIsCheckedAtItsPath() {
        var errors = Load.errors(tmp, """
                services:
                  web:
                    image: x
                    uts: private
                    cgroup: shared
                    device_cgroup_rules: ["c 1:3", "x 1:3 r", "c 1:3 rwx"]
                    external_links: ["a:b:c", ":alias", "db:"]
                    volumes_from: [dta, "data:rx", "container:", "container:-bad", "a:b:c"]
                  data: {image: x}
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.message()).containsExactly(
                "services.web.uts invalid uts \"private\": expected host",
                "services.web.cgroup invalid cgroup \"shared\": expected host or private",
                "services.web.device_cgroup_rules[0] invalid device cgroup rule \"c 1:3\": expected TYPE MAJOR:MINOR ACCESS, e.g. \"c 1:3 mr\""
                        + " or \"a *:* rwm\" (type a, b or c; * for any number; access some of r, w, m)",
                "services.web.device_cgroup_rules[1] invalid device cgroup rule \"x 1:3 r\": expected TYPE MAJOR:MINOR ACCESS, e.g. \"c 1:3 mr\""
                        + " or \"a *:* rwm\" (type a, b or c; * for any number; access some of r, w, m)",
                "services.web.device_cgroup_rules[2] invalid device cgroup rule \"c 1:3 rwx\": expected TYPE MAJOR:MINOR ACCESS, e.g. \"c 1:3 mr\""
                        + " or \"a *:* rwm\" (type a, b or c; * for any number; access some of r, w, m)",
                "services.web.external_links[0] invalid external link \"a:b:c\": expected CONTAINER or CONTAINER:ALIAS",
                "services.web.external_links[1] invalid external link \":alias\": expected CONTAINER or CONTAINER:ALIAS",
                "services.web.external_links[2] invalid external link \"db:\": expected CONTAINER or CONTAINER:ALIAS",
                "services.web.volumes_from[0] volumes_from refers to unknown service \"dta\": did you mean \"data\"? (a container of another"
                        + " project is container:NAME)",
                "services.web.volumes_from[1] invalid volumes_from \"data:rx\": expected SERVICE[:ro|rw] or container:NAME[:ro|rw]",
                "services.web.volumes_from[2] invalid volumes_from \"container:\": expected SERVICE[:ro|rw] or container:NAME[:ro|rw]",
                "services.web.volumes_from[3] invalid volumes_from \"container:-bad\": \"-bad\" is not a container name",
                "services.web.volumes_from[4] invalid volumes_from \"a:b:c\": expected SERVICE[:ro|rw] or container:NAME[:ro|rw]");
    }

    @Test
    void aVolumesFromCycleIsADependencyCycle() {
        var errors = Load.errors(tmp, "services:\n  a: {image: x, volumes_from: [b]}\n  b: {image: x, volumes_from: [a]}\n");
        assertThat(errors).extracting(e -> e.message()).anySatisfy(m -> assertThat(m).contains("dependency cycle"));
    }
}
