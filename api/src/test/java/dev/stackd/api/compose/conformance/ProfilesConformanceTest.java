package dev.stackd.api.compose.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles, from compose-go's {@code types/project_test.go} (TestWithProfiles-style cases: HasProfile),
 * {@code loader/loader_test.go} (TestLoadWithProfiles-style) and {@code loader/validate.go} (a dependency on a
 * disabled service), and {@code override/merge_profiles_test.go}.
 */
class ProfilesConformanceTest {
    @TempDir
    Path tmp;

    private static final String PROJECT = """
            services:
              web: {image: web}
              debug: {image: debug, profiles: [debug]}
              tools: {image: tools, profiles: [tools, debug]}
              docs: {image: docs, profiles: [docs]}
            """;

    /** project.go HasProfile: without profiles always; with, when one is enabled; "*" enables all. */
    @Test
    void aServiceWithProfilesIsInTheStackOnlyWhenOneIsEnabled() {
        ProjectFixture p = new ProjectFixture(tmp);
        assertThat(p.load(List.of(), PROJECT).stack().services()).containsOnlyKeys("web");
        assertThat(p.load(List.of("debug"), PROJECT).stack().services()).containsOnlyKeys("web", "debug", "tools");
        assertThat(p.load(List.of("tools"), PROJECT).stack().services()).containsOnlyKeys("web", "tools");
        assertThat(p.load(List.of("docs", "tools"), PROJECT).stack().services()).containsOnlyKeys("web", "tools", "docs");
        assertThat(p.load(List.of("*"), PROJECT).stack().services()).containsOnlyKeys("web", "debug", "tools", "docs");
        assertThat(p.load(List.of("nothing"), PROJECT).stack().services()).containsOnlyKeys("web");
        assertThat(p.load(List.of("debug", "debug"), PROJECT).profiles()).containsExactly("debug");
    }

    /** An enabled service is the same with or without its profiles key: profiles never reach the model. */
    @Test
    void profilesDoNotChangeTheService() {
        ProjectFixture p = new ProjectFixture(tmp);
        assertThat(p.load(List.of("debug"), PROJECT).stack().service("debug"))
                .isEqualTo(p.single("services: {web: {image: web}, debug: {image: debug}}\n").service("debug"));
    }

    /** validate.go checkConsistency: depending on a disabled service is an error, unless required: false. */
    @Test
    void dependingOnADisabledServiceIsAnError() {
        ProjectFixture p = new ProjectFixture(tmp);
        var errors = p.errors(List.of(), """
                services:
                  web:
                    image: web
                    depends_on: [db]
                  api:
                    image: api
                    depends_on: {db: {condition: service_healthy}, cache: {condition: service_started, required: false}}
                  sidecar:
                    image: s
                    network_mode: "service:db"
                  db: {image: db, profiles: [db]}
                  cache: {image: cache, profiles: [cache]}
                """);
        assertThat(errors).extracting(e -> e.path() + " " + e.line()).containsExactly(
                "services.web.depends_on[0] 4", "services.api.depends_on.db 7", "services.sidecar.network_mode 10");
        assertThat(errors.getFirst().message()).isEqualTo("depends on service \"db\", which is not enabled: its profiles (db) are"
                + " not active: enable one with --profile (or COMPOSE_PROFILES), or add required: false");
        // enabled, the same project loads, and a required: false dependency on a disabled service is dropped
        var stack = p.load(List.of("db"), """
                services:
                  web: {image: web, depends_on: [db]}
                  api: {image: api, depends_on: {cache: {condition: service_started, required: false}}}
                  db: {image: db, profiles: [db]}
                  cache: {image: cache, profiles: [cache]}
                """).orThrow();
        assertThat(stack.services()).containsOnlyKeys("web", "api", "db");
    }

    /** A disabled service may depend on anything: it is not in the stack. */
    @Test
    void aDisabledServiceIsNotChecked() {
        ProjectFixture p = new ProjectFixture(tmp);
        assertThat(p.load(List.of(), """
                services:
                  web: {image: web}
                  debug: {image: debug, profiles: [debug], depends_on: [ghost]}
                """).stack().services()).containsOnlyKeys("web");
    }

    /** merge_profiles_test.go TestMergeProfilesUnicity: profiles of two files are merged, one of each. */
    @Test
    void profilesOfTwoFilesAreMerged() {
        ProjectFixture p = new ProjectFixture(tmp);
        String base = "services: {web: {image: a}, test: {image: foo, profiles: [profile1, profile2]}}\n";
        String override = "services: {test: {profiles: [profile2, profile3]}}\n";
        assertThat(p.load(List.of("profile3"), base, override).stack().services()).containsOnlyKeys("web", "test");
        assertThat(p.load(List.of("profile1"), base, override).stack().services()).containsOnlyKeys("web", "test");
        assertThat(p.load(List.of("other"), base, override).stack().services()).containsOnlyKeys("web");
    }

    /** The compose schema's profile name pattern. */
    @Test
    void anInvalidProfileNameIsAnError() {
        ProjectFixture p = new ProjectFixture(tmp);
        var errors = p.errors(List.of(), "services: {web: {image: a, profiles: [\"-bad\"]}}\n");
        assertThat(errors).extracting(e -> e.path()).containsExactly("services.web.profiles[0]");
    }
}
