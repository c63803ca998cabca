package dev.stackd.controller.http;

import static dev.stackd.controller.http.HttpStacksTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Errors are for people: a too deep document, a too long number or string, and a type mismatch give the path or the
 * line:column and words, in both formats, never a library's or a class's name (issue 9, defect 12).
 */
@ExtendWith(ApiServerExtension.class)
class HttpErrorMessagesTest {
    /** What a library's or Java's own message looks like. */
    static final Pattern INTERNALS = Pattern.compile(
            "(?i)exception|jackson|snakeyaml|java\\.|javax\\.|dev\\.stackd|StreamReadConstraints|Cannot construct instance"
                    + "|Cannot deserialize|`[a-z]+\\.[a-zA-Z.]+`|\\[Source:");
    static final String SPEC_JSON = "application/vnd.stackd.spec+json";

    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;

    private static JsonNode firstDetail(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).doesNotContainPattern(INTERNALS);
        return json(r).path("details").get(0);
    }

    private HttpResponse<String> spec(String specJson) {
        return api.put("/api/v1/stacks/demo", "{\"spec\":" + specJson + "}", SPEC_JSON);
    }

    @Test
    void aTooDeepSpecSaysHowDeepAndWhere() {
        var d = firstDetail(spec("{\"name\":\"demo\",\"x\":" + "[".repeat(2000) + "]".repeat(2000) + "}"));

        assertThat(d.path("message").asText()).isEqualTo("the document is nested deeper than 64 levels: refused");
        assertThat(d.path("line").asInt()).isEqualTo(1);
        assertThat(d.path("column").asInt()).isPositive();
    }

    @Test
    void aTooLongNumberInASpecIsRefusedInWords() {
        var d = firstDetail(spec("{\"name\":\"demo\",\"services\":{\"web\":{\"replicas\":" + "9".repeat(2000) + "}}}"));

        assertThat(d.path("message").asText()).isEqualTo("a number longer than 64 digits: refused");
        assertThat(d.path("line").asInt()).isEqualTo(1);
    }

    @Test
    void aNumberOutOfRangeOrOfTheWrongTypeInASpecNamesTheField() {
        var range = firstDetail(spec("{\"name\":\"demo\",\"services\":{\"web\":{\"replicas\":4294967297}}}"));
        assertThat(range.path("path").asText()).isEqualTo("services.web.replicas");
        assertThat(range.path("message").asText()).isEqualTo("the number is out of range for a whole number");

        var kind = firstDetail(spec("{\"name\":\"demo\",\"services\":[]}"));
        assertThat(kind.path("path").asText()).isEqualTo("services");
        assertThat(kind.path("message").asText()).isEqualTo("expected an object, got a list");
    }

    @Test
    void brokenJsonGivesTheLineAndColumn() {
        var d = firstDetail(api.put("/api/v1/stacks/demo", "{\"spec\": {\n  \"name\": \"demo\",,\n}}", SPEC_JSON));

        assertThat(d.path("line").asInt()).isEqualTo(2);
        assertThat(d.path("message").asText()).startsWith("invalid JSON: ");
    }

    @Test
    void aTooDeepComposeFileSaysWhere() {
        var yaml = firstDetail(api.putYaml("demo", "services: " + "[".repeat(200) + "]".repeat(200) + "\n"));
        assertThat(yaml.path("message").asText()).isEqualTo("the document is nested deeper than 64 levels: refused");

        var asJson = firstDetail(api.put("/api/v1/stacks/demo", "{\"services\": " + "[".repeat(200) + "]".repeat(200) + "}", "application/json"));
        assertThat(asJson.path("message").asText()).isEqualTo("the document is nested deeper than 64 levels: refused");
    }

    @Test
    void aTooLongStringOrNumberInAComposeFileIsRefusedInWords() {
        var number = firstDetail(api.putYaml("demo", "services:\n  web:\n    image: nginx\n    scale: " + "9".repeat(5000) + "\n"));
        assertThat(number.path("path").asText()).isEqualTo("services.web.scale");

        var string = firstDetail(api.putYaml("demo", "services:\n  web:\n    image: \"" + "x".repeat(300_000) + "\"\n    scale: [1]\n"));
        assertThat(string.path("path").asText()).isEqualTo("services.web.scale");
    }

    @Test
    void aTypeMismatchInAComposeFileNamesTheFieldAndTheLine() {
        var d = firstDetail(api.putYaml("demo", "services:\n  web:\n    image: nginx\n    ports: {http: 80}\n"));

        assertThat(d.path("path").asText()).isEqualTo("services.web.ports");
        assertThat(d.path("line").asInt()).isEqualTo(4);
    }
}
