package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stackd.api.Manifests;
import dev.stackd.api.compose.ComposeWriter.Format;
import dev.stackd.api.model.StackSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@code stackd config} prints, loaded again, is the same stack: load -> print -> load -> equal spec. */
class ComposeWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * Prints the spec, loads the printout from another folder (no .env there, nothing relative to resolve) with the
     * same caller environment, and checks it is the same spec.
     */
    private String roundTrips(StackSpec spec, Format format, Map<String, String> env) throws Exception {
        String printed = ComposeWriter.write(spec, true, format);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere-" + format));
        LoadResult again = ComposeLoader.load(LoadRequest.ofText(printed, elsewhere).withEnvironment(env));
        assertThat(again.errors()).as(printed).isEmpty();
        assertThat(comparable(again.stack())).as(printed).isEqualTo(comparable(spec));
        return printed;
    }

    /** The canonical JSON without envFiles: like compose's, the printout carries the files' values, not their names. */
    private static JsonNode comparable(StackSpec spec) throws Exception {
        JsonNode tree = JSON.readTree(Manifests.toCanonicalJson(spec));
        tree.path("services").forEach(s -> ((ObjectNode) s).remove("envFiles"));
        return tree;
    }

    static Stream<String> examples() throws Exception {
        return ManifestExamples.names();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleStackPrintsAsItself(String example) throws Exception {
        StackSpec spec = ManifestExamples.load(example);
        roundTrips(spec, Format.yaml, Map.of());
        roundTrips(spec, Format.json, Map.of());
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyKeyStackdReadsPrintsAsItself(Format format) throws Exception {
        Path dir = Load.dir(tmp);
        Files.createDirectories(dir.resolve("api"));
        Files.writeString(dir.resolve("app.env"), "FROM_FILE=has a $ sign\nEMPTY=\n");
        Files.writeString(dir.resolve("key.txt"), "secret");
        Files.writeString(dir.resolve("seccomp.json"), "{\n  \"defaultAction\": \"SCMP_ACT_ALLOW\",\n  \"note\": \"costs $1\"\n}\n");
        Files.writeString(dir.resolve("labels.env"), "from.file=1\na=overridden\n");
        Map<String, String> env = Map.of("HOME", "/home/alice", "FROM_ENV", "caller");
        StackSpec spec = Load.stack(tmp, SpecValidatorTest.EVERY_KEY, env);

        String printed = roundTrips(spec, format, env);

        // env_file is read into environment, as docker compose config does; the rest in the long syntax
        assertThat(printed).doesNotContain("env_file").contains("FROM_FILE").contains("has a $$ sign")
                .contains(dir.resolve("html").toString()).contains("/home/alice/cache").contains("create_host_path");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void stringsThatYamlWouldReadAsSomethingElseStayStrings(Format format) throws Exception {
        StackSpec spec = Load.stack(tmp, """
                services:
                  web:
                    image: img
                    environment:
                      A: "no"
                      B: "~"
                      C: ""
                      D: "null"
                      E: "- x"
                      F: "a: b"
                      G: "x #c"
                      H: "*x"
                      I: "&y"
                      J: "!t"
                      K: "%x"
                      L: "@x"
                      M: "1e3"
                      N: "0x1F"
                      O: "012"
                      P: ".inf"
                      Q: "True"
                      R: "multi\\nline\\n"
                      S: " leading and trailing "
                      T: "quote\\" and 'single'"
                      U: "{a: 1}"
                      V: "[1]"
                      W: "ünïcödé ✓"
                      X: "8080"
                      Y: "$$HOME"
                      Z: "tab\\there"
                    labels: {"com.example/key": "on", "1": "yes"}
                    command: ["sh", "-c", "echo '$$x' \\"quoted\\""]
                """);

        roundTrips(spec, format, Map.of());
    }

    @Test
    void defaultsAreLeftOutAndEngineNamesAreExplicit() throws Exception {
        StackSpec spec = Load.stack(tmp, """
                services:
                  web: {image: img, networks: [front], volumes: [data:/data]}
                  worker: {image: img, scale: 3, x-stackd: {backoff-max: 1m}, network_mode: none}
                networks:
                  front:
                volumes:
                  data:
                """);

        String printed = roundTrips(spec, Format.yaml, Map.of());

        assertThat(printed).contains("name: myapp\n").contains("name: myapp_front").contains("name: myapp_data")
                .contains("scale: 3").contains("backoff-max: 60s").doesNotContain("scale: 1")
                .doesNotContain("secrets:").doesNotContain("configs:");
        // web's x-stackd only repeats the defaults: left out; worker's is printed
        assertThat(printed.split("x-stackd:", -1)).hasSize(2);
    }

    @Test
    void withoutInterpolationVariablesAndEscapesArePrintedAsWrittenAndMeanTheSame() throws Exception {
        String original = """
                services:
                  web:
                    image: nginx:${TAG:-1.27}
                    environment:
                      PRICE: "$$5"
                      GREETING: ${GREETING?say hello}
                    command: echo $$HOME $USER
                """;
        LoadResult raw = ComposeLoader.loadUninterpolated(LoadRequest.ofText(original, Load.dir(tmp)));
        assertThat(raw.errors()).isEmpty();

        String printed = ComposeWriter.write(raw.stack(), false, Format.yaml);

        assertThat(printed).contains("image: \"nginx:${TAG:-1.27}\"").contains("PRICE: $$5").contains("GREETING: \"${GREETING?say hello}\"")
                .contains("- $$HOME").contains("- $USER");
        Map<String, String> env = Map.of("GREETING", "hi", "USER", "alice", "TAG", "2");
        StackSpec fromOriginal = Load.stack(tmp, original, env);
        StackSpec fromPrinted = ComposeLoader.load(LoadRequest.ofText(printed, tmp).withEnvironment(env)).orThrow();
        assertThat(comparable(fromPrinted)).isEqualTo(comparable(fromOriginal));
        assertThat(fromPrinted.service("web").image()).isEqualTo("nginx:2");
    }

    @Test
    void withoutInterpolationAValueStackdMustParseCannotHoldAVariable() {
        LoadResult raw = ComposeLoader.loadUninterpolated(LoadRequest.ofText(
                "services:\n  web:\n    image: img\n    ports: [\"${PORT:-8080}:80\"]\n", Load.dir(tmp)));

        assertThat(raw.errors()).singleElement().satisfies(e -> assertThat(e.path()).isEqualTo("services.web.ports[0]"));
    }
}
