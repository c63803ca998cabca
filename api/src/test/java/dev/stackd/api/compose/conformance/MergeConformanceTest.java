package dev.stackd.api.compose.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Merging a file over another, case by case from compose-go's merge tests ({@code override/merge_*_test.go},
 * {@code override/uncity_test.go}, {@code loader/override_test.go}, {@code loader/merge_reset_test.go}): each case
 * names the test it comes from; the two files loaded as one project must give the stack compose's expected result
 * gives as one file. Cases that stackd handles differently on purpose are in docs/manifest.md.
 */
class MergeConformanceTest {
    @TempDir
    Path tmp;

    record Case(String source, String base, String override, String expected) {
        @Override
        public String toString() {
            return source;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("merge_test.go Test_mergeOverrides: scalars are replaced", """
                        services: {test: {image: foo, scale: 1}}
                        """, """
                        services: {test: {image: bar, scale: 2}}
                        """, """
                        services: {test: {image: bar, scale: 2}}
                        """),
                new Case("merge_environment_test.go Test_mergeYamlEnvironmentSequence", """
                        services: {test: {image: foo, environment: [FOO=BAR]}}
                        """, """
                        services: {test: {environment: [QIX=ZOT, EMPTY=, NIL]}}
                        """, """
                        services: {test: {image: foo, environment: [FOO=BAR, QIX=ZOT, EMPTY=, NIL]}}
                        """),
                new Case("merge_environment_test.go Test_mergeYamlEnvironmentMapping", """
                        services: {test: {image: foo, environment: {FOO: BAR}}}
                        """, """
                        services: {test: {environment: {EMPTY: "", NIL: null, QIX: ZOT}}}
                        """, """
                        services: {test: {image: foo, environment: [FOO=BAR, EMPTY=, NIL, QIX=ZOT]}}
                        """),
                new Case("merge_environment_test.go Test_mergeYamlEnvironmentMixed", """
                        services: {test: {image: foo, environment: {FOO: BAR}}}
                        """, """
                        services: {test: {environment: [QIX=ZOT]}}
                        """, """
                        services: {test: {image: foo, environment: [FOO=BAR, QIX=ZOT]}}
                        """),
                new Case("merge_environment_test.go Test_mergeYamlEnvironmentNumber", """
                        services: {test: {image: foo, environment: {FOO: 1}}}
                        """, """
                        services: {test: {environment: {FOO: 3}}}
                        """, """
                        services: {test: {image: foo, environment: [FOO=3]}}
                        """),
                new Case("uncity_test.go Test_EnvironmentUnicity, split over two files: the later file's entry wins in place", """
                        services: {test: {image: foo, environment: [FOO=BAR, BAR=QIX, QIX=, ZOT]}}
                        """, """
                        services: {test: {environment: [FOO=ZOT, QIX, ZOT=]}}
                        """, """
                        services: {test: {image: foo, environment: [FOO=ZOT, BAR=QIX, QIX, ZOT=]}}
                        """),
                new Case("merge_labels_test.go Test_mergeYamlLabelsSequence", """
                        services: {test: {image: foo, labels: [foo=bar]}}
                        """, """
                        services: {test: {labels: [foo=baz, bar=qix]}}
                        """, """
                        services: {test: {image: foo, labels: [foo=baz, bar=qix]}}
                        """),
                new Case("merge_labels_test.go Test_mergeYamlLabelsMapping", """
                        services: {test: {image: foo, labels: {foo: bar}}}
                        """, """
                        services: {test: {labels: {foo: baz, empty: "", nil: null}}}
                        """, """
                        services: {test: {image: foo, labels: [empty=, foo=baz, nil]}}
                        """),
                new Case("merge_labels_test.go Test_mergeYamlLabelsMixed", """
                        services: {test: {image: foo, labels: {foo: bar}}}
                        """, """
                        services: {test: {labels: [foo=baz]}}
                        """, """
                        services: {test: {image: foo, labels: [foo=baz]}}
                        """),
                new Case("merge_labels_test.go Test_mergeYamlLabelsNumber", """
                        services: {test: {image: foo, labels: {foo: 1}}}
                        """, """
                        services: {test: {labels: {foo: 2}}}
                        """, """
                        services: {test: {image: foo, labels: [foo=2]}}
                        """),
                new Case("merge_build_test.go Test_mergeYamlArgsMapping / ArgsMixed: build args by name", """
                        services: {test: {build: {context: ., args: {FOO: BAR, KEEP: x}}}}
                        """, """
                        services: {test: {build: {args: [FOO=QIX, NEW=y]}}}
                        """, """
                        services: {test: {build: {context: ., args: [FOO=QIX, KEEP=x, NEW=y]}}}
                        """),
                new Case("loader/override_test.go TestOverrideBuildContext: a string build is the context", """
                        services: {test: {build: .}}
                        """, """
                        services: {test: {build: {context: src, dockerfile: Other}}}
                        """, """
                        services: {test: {build: {context: src, dockerfile: Other}}}
                        """),
                new Case("merge_sysctls_test.go TestMergeSysctlsMixed", """
                        services: {test: {image: foo, sysctls: {net.core.somaxconn: 1024}}}
                        """, """
                        services: {test: {sysctls: [net.core.somaxconn=2048, net.ipv4.tcp_syncookies=0]}}
                        """, """
                        services: {test: {image: foo, sysctls: [net.core.somaxconn=2048, net.ipv4.tcp_syncookies=0]}}
                        """),
                new Case("merge_dns_test.go Test_mergeYamlDNSMixed: a string and a list, one entry each", """
                        services: {test: {image: foo, dns: 8.8.8.8}}
                        """, """
                        services: {test: {dns: [9.9.9.9, 8.8.8.8]}}
                        """, """
                        services: {test: {image: foo, dns: [8.8.8.8, 9.9.9.9]}}
                        """),
                new Case("merge_cap_test.go TestMergeCAPSequence", """
                        services: {test: {image: foo, cap_add: [NET_ADMIN], cap_drop: [ALL]}}
                        """, """
                        services: {test: {cap_add: [SYS_ADMIN, NET_ADMIN], cap_drop: [ALL]}}
                        """, """
                        services: {test: {image: foo, cap_add: [NET_ADMIN, SYS_ADMIN], cap_drop: [ALL]}}
                        """),
                new Case("merge_extra_hosts_test.go TestMergeExtraHostsSequence: the same entry is not repeated", """
                        services: {test: {image: foo, extra_hosts: [example.com=1.2.3.4]}}
                        """, """
                        services: {test: {extra_hosts: [localhost=127.0.0.1, example.com=1.2.3.4]}}
                        """, """
                        services: {test: {image: foo, extra_hosts: [example.com=1.2.3.4, localhost=127.0.0.1]}}
                        """),
                new Case("merge_extra_hosts_test.go TestMergeExtraHostsMixed", """
                        services: {test: {image: foo, extra_hosts: {example.com: 1.2.3.4}}}
                        """, """
                        services: {test: {extra_hosts: [localhost=127.0.0.1, example.com=1.2.3.4]}}
                        """, """
                        services: {test: {image: foo, extra_hosts: [example.com=1.2.3.4, localhost=127.0.0.1]}}
                        """),
                new Case("merge_tmpfs_test.go TestMergeTmpfsString: a string and a list", """
                        services: {test: {image: foo, tmpfs: /tmp}}
                        """, """
                        services: {test: {tmpfs: [/run, /tmp]}}
                        """, """
                        services: {test: {image: foo, tmpfs: [/tmp, /run]}}
                        """),
                new Case("merge_env_file_test.go TestMergeEnvFilesMixed: by path, a string and a list", """
                        services: {test: {image: foo, env_file: a.env}}
                        """, """
                        services: {test: {env_file: [b.env, a.env]}}
                        """, """
                        services: {test: {image: foo, env_file: [a.env, b.env]}}
                        """),
                new Case("merge_volumes_test.go TestMergeVolumes: short and long, appended", """
                        services: {test: {image: foo, volumes: ["a:/a", {type: bind, source: ./b, target: /b}]}}
                        volumes: {a: {}, c: {}}
                        """, """
                        services: {test: {volumes: ["c:/c"]}}
                        """, """
                        services: {test: {image: foo, volumes: ["a:/a", {type: bind, source: ./b, target: /b}, "c:/c"]}}
                        volumes: {a: {}, c: {}}
                        """),
                new Case("uncity_test.go Test_VolumeUnicity, split over two files: one volume per target", """
                        services: {test: {image: foo, volumes: [".:/foo", "foo:/bar"]}}
                        volumes: {foo: {}, src: {}}
                        """, """
                        services: {test: {volumes: ["src:/foo"]}}
                        """, """
                        services: {test: {image: foo, volumes: ["src:/foo", "foo:/bar"]}}
                        volumes: {foo: {}, src: {}}
                        """),
                new Case("loader/override_test.go TestOverrideVolume: the same volume twice is one", """
                        services: {test: {image: test, volumes: ["./src:/src"]}}
                        """, """
                        services: {test: {volumes: ["./src:/src"]}}
                        """, """
                        services: {test: {image: test, volumes: ["./src:/src"]}}
                        """),
                new Case("uncity_test.go Test_PortsShortUnicity, split over two files", """
                        services: {test: {image: foo, ports: ["9080:80", "9081:81", "5000"]}}
                        """, """
                        services: {test: {ports: ["9080:80", "6060:6060/udp", "9080:6060/udp"]}}
                        """, """
                        services: {test: {image: foo, ports: ["9080:80", "9081:81", "5000", "6060:6060/udp", "9080:6060/udp"]}}
                        """),
                new Case("uncity_test.go Test_PortsLongtUnicity: the short and long forms of one port are one", """
                        services: {test: {image: foo, ports: ["127.0.0.1:8080:80"]}}
                        """, """
                        services: {test: {ports: [{target: 80, host_ip: 127.0.0.1, published: "8080", protocol: tcp}]}}
                        """, """
                        services: {test: {image: foo, ports: ["127.0.0.1:8080:80"]}}
                        """),
                new Case("merge_networks_test.go Test_mergeYamlServiceNetworksMixed: a list and a mapping", """
                        services: {test: {image: foo, networks: [front]}}
                        networks: {front: {}, back: {}}
                        """, """
                        services: {test: {networks: {front: {aliases: [a1]}, back: {}}}}
                        """, """
                        services: {test: {image: foo, networks: {front: {aliases: [a1]}, back: {}}}}
                        networks: {front: {}, back: {}}
                        """),
                new Case("loader/override_test.go TestOverrideNetworks: aliases added to a listed network", """
                        services: {test: {image: test, networks: [test_network]}}
                        networks: {test_network: {}}
                        """, """
                        services: {test: {image: test, networks: {test_network: {aliases: [alias1, alias2]}}}}
                        """, """
                        services: {test: {image: test, networks: {test_network: {aliases: [alias1, alias2]}}}}
                        networks: {test_network: {}}
                        """),
                new Case("merge_networks_test.go Test_mergeYamlNetworks: top-level networks, ipam by subnet, labels", """
                        services: {test: {image: foo}}
                        networks:
                          network1:
                            ipam:
                              config: [{subnet: 172.28.0.0/16, ip_range: 172.28.5.0/24, gateway: 172.28.5.254}]
                              options: {foo: bar}
                            labels: {com.example.description: Finance}
                        """, """
                        networks:
                          network1:
                            ipam:
                              config:
                                - {subnet: 172.28.0.0/16, ip_range: 172.28.5.1/24}
                                - {subnet: 172.29.0.0/16, gateway: 172.29.10.254}
                              options: {bar: foo}
                            labels: [com.example.department=New]
                          network2:
                        """, """
                        services: {test: {image: foo}}
                        networks:
                          network1:
                            ipam:
                              config:
                                - {subnet: 172.28.0.0/16, ip_range: 172.28.5.1/24, gateway: 172.28.5.254}
                                - {subnet: 172.29.0.0/16, gateway: 172.29.10.254}
                              options: {foo: bar, bar: foo}
                            labels: [com.example.description=Finance, com.example.department=New]
                          network2:
                        """),
                new Case("loader/override_test.go TestOverrideDepends_on: a list entry merged with a mapping", """
                        services: {test: {image: test, depends_on: [foo]}, foo: {image: foo}}
                        """, """
                        services: {test: {depends_on: {foo: {condition: service_healthy, required: false}}}}
                        """, """
                        services: {test: {image: test, depends_on: {foo: {condition: service_healthy, required: false}}}, foo: {image: foo}}
                        """),
                new Case("loader/override_test.go TestOverridePartial: an entry without condition keeps the earlier one", """
                        services: {test: {image: test, depends_on: {foo: {condition: service_healthy}}}, foo: {image: foo}}
                        """, """
                        services: {test: {depends_on: {foo: {required: false}}}}
                        """, """
                        services: {test: {image: test, depends_on: {foo: {condition: service_healthy, required: false}}}, foo: {image: foo}}
                        """),
                new Case("merge_logging_test.go Test_mergeYamlLoggingSameDriver: options merged", """
                        services: {test: {image: foo, logging: {driver: syslog, options: {syslog-address: "tcp://192.168.0.42:123"}}}}
                        """, """
                        services: {test: {logging: {driver: syslog, options: {syslog-address: "tcp://127.0.0.1:123"}}}}
                        """, """
                        services: {test: {image: foo, logging: {driver: syslog, options: {syslog-address: "tcp://127.0.0.1:123"}}}}
                        """),
                new Case("merge_logging_test.go Test_mergeYamlLoggingDistinctDriver: another driver replaces the options", """
                        services: {test: {image: foo, logging: {driver: local, options: {max-size: 10m}}}}
                        """, """
                        services: {test: {logging: {driver: syslog, options: {syslog-address: "tcp://127.0.0.1:123"}}}}
                        """, """
                        services: {test: {image: foo, logging: {driver: syslog, options: {syslog-address: "tcp://127.0.0.1:123"}}}}
                        """),
                new Case("merge_logging_test.go Test_mergeYamlLoggingImplicitDriver", """
                        services: {test: {image: foo, logging: {options: {max-size: 10m}}}}
                        """, """
                        services: {test: {logging: {options: {max-file: 3}}}}
                        """, """
                        services: {test: {image: foo, logging: {options: {max-size: 10m, max-file: 3}}}}
                        """),
                new Case("merge_ulimits_test.go Test_mergeYamlUlimits: one limit replaced whole, the others kept", """
                        services: {test: {image: foo, ulimits: {nproc: 65535, nofile: {soft: 10000, hard: 20000}}}}
                        """, """
                        services: {test: {ulimits: {nofile: 30000}}}
                        """, """
                        services: {test: {image: foo, ulimits: {nproc: 65535, nofile: 30000}}}
                        """),
                new Case("mergeSpecials services.*.command / entrypoint / healthcheck.test: replaced, not appended", """
                        services: {test: {image: foo, command: [a, b], entrypoint: [sh, -c], healthcheck: {test: [CMD, x], retries: 3}}}
                        """, """
                        services: {test: {command: [c], entrypoint: [bash], healthcheck: {test: [CMD-SHELL, y]}}}
                        """, """
                        services: {test: {image: foo, command: [c], entrypoint: [bash], healthcheck: {test: [CMD-SHELL, y], retries: 3}}}
                        """),
                new Case("uncity.go services.*.secrets / configs: by target, the default one for the short form", """
                        services: {test: {image: foo, secrets: [s1, {source: s2, target: /x}], configs: [c1]}}
                        secrets: {s1: {file: ./s1}, s2: {file: ./s2}}
                        configs: {c1: {file: ./c1}}
                        """, """
                        services: {test: {secrets: [{source: s1, mode: 0400}, {source: s1, target: /x}], configs: [{source: c1, target: /c1, mode: 0444}]}}
                        """, """
                        services: {test: {image: foo, secrets: [{source: s1, mode: 0400}, {source: s1, target: /x}], configs: [{source: c1, target: /c1, mode: 0444}]}}
                        secrets: {s1: {file: ./s1}, s2: {file: ./s2}}
                        configs: {c1: {file: ./c1}}
                        """),
                new Case("uncity.go services.*.expose: by value", """
                        services: {test: {image: foo, expose: ["3000", "4000"]}}
                        """, """
                        services: {test: {expose: ["4000", "5000"]}}
                        """, """
                        services: {test: {image: foo, expose: ["3000", "4000", "5000"]}}
                        """),
                new Case("merge.go: a null in the later file keeps the earlier value", """
                        services: {test: {image: foo, hostname: h}}
                        """, """
                        services: {test: {hostname: }}
                        """, """
                        services: {test: {image: foo, hostname: h}}
                        """),
                new Case("merge.go: mappings merged at every level, other services and sections kept", """
                        services: {test: {image: foo, deploy: {resources: {limits: {memory: 1g}}}}, other: {image: o}}
                        volumes: {data: {}}
                        """, """
                        services: {test: {deploy: {resources: {limits: {cpus: "0.5"}}}}, third: {image: t}}
                        volumes: {data: {labels: {a: b}}}
                        """, """
                        services: {test: {image: foo, deploy: {resources: {limits: {memory: 1g, cpus: "0.5"}}}}, other: {image: o}, third: {image: t}}
                        volumes: {data: {labels: {a: b}}}
                        """),
                new Case("merge_reset_test.go Test_LoadWithReset: !reset removes what the earlier file set", """
                        services: {test: {build: {context: ., dockerfile: foo.Dockerfile}, environment: {FOO: BAR, KEEP: x}}}
                        """, """
                        services:
                          test:
                            image: foo
                            build: !reset
                            environment:
                              FOO: !reset
                        """, """
                        services: {test: {image: foo, environment: {KEEP: x}}}
                        """),
                new Case("loader_test.go TestLoadWithOverride-style: !override replaces a list instead of merging it", """
                        services: {test: {image: foo, ports: ["8080:80", "9090:90"], environment: {A: "1", B: "2"}}}
                        """, """
                        services:
                          test:
                            ports: !override ["8081:80"]
                            environment: !override {C: "3"}
                        """, """
                        services: {test: {image: foo, ports: ["8081:80"], environment: {C: "3"}}}
                        """));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void mergedFilesGiveComposesResult(Case c) {
        ProjectFixture p = new ProjectFixture(tmp);
        assertThat(p.merged(c.base(), c.override())).isEqualTo(p.single(c.expected()));
    }

    /** loader_test.go TestLoadMultipleConfigs-style: three files, each merged over the result of the ones before. */
    @Test
    void threeFilesMergeInOrder() {
        ProjectFixture p = new ProjectFixture(tmp);
        var merged = p.merged("""
                services: {web: {image: a, environment: {X: "1"}}}
                """, """
                services: {web: {image: b, environment: {Y: "2"}}}
                """, """
                services: {web: {environment: {X: "3"}}}
                """);
        assertThat(merged).isEqualTo(p.single("""
                services: {web: {image: b, environment: {X: "3", Y: "2"}}}
                """));
    }

    /** merge.go: "cannot override" a mapping with a scalar; stackd names the field and both places. */
    @Test
    void aMappingOverAScalarIsAnErrorNamingBothFiles() {
        ProjectFixture p = new ProjectFixture(tmp);
        var errors = p.errors(List.of(), """
                services:
                  web:
                    image: a
                    deploy: {replicas: 2}
                """, """
                services:
                  web:
                    deploy: [x]
                """);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("services.web.deploy");
            assertThat(e.file()).isEqualTo("override1.yaml");
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.message()).contains("cannot merge a list over a mapping (base.yaml:4:13)");
        });
    }

    /** Within one file, compose keeps the last of two entries with one key; stackd reports them (docs/manifest.md). */
    @Test
    void duplicatesInsideOneFileAreStillReported() {
        ProjectFixture p = new ProjectFixture(tmp);
        var errors = p.errors(List.of(), """
                services: {web: {image: a}}
                """, """
                services: {web: {ports: ["8080:80", "8080:80"]}}
                """);
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.message()).contains("already published"));
    }
}
