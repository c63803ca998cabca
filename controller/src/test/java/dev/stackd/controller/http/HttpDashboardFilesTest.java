package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard's files: served from the jar at /, without a token, with their types, cache and security headers. */
@ExtendWith(ApiServerExtension.class)
class HttpDashboardFilesTest {
    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"|(?:from|import)\\s+'(\\./[^']+)'");
    /** The budget for the first load. */
    private static final int FIRST_LOAD_BUDGET = 300 * 1024;

    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;

    @Test
    void thePageIsServedWithoutATokenAndHoldsNoData() {
        api.putYaml("secretstack", HttpStacksTest.WEB);

        var r = browser("GET", "/", Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(r.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>").doesNotContain("secretstack");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(r.headers().firstValue("Content-Security-Policy")).contains(DashboardFiles.CONTENT_SECURITY_POLICY);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).contains("DENY");
    }

    @Test
    void eachFileHasItsContentTypeAndAnUnchangedOneIsA304() {
        var js = browser("GET", "/js/app.js", Map.of());
        var css = browser("GET", "/style.css", Map.of());
        var svg = browser("GET", "/favicon.svg", Map.of());

        assertThat(js.statusCode()).isEqualTo(200);
        // a module script is refused by the browser unless its type is JavaScript
        assertThat(js.headers().firstValue("Content-Type").orElseThrow()).matches("(application|text)/javascript.*");
        assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
        assertThat(svg.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
        String lastModified = js.headers().firstValue("Last-Modified").orElseThrow();
        var again = browser("GET", "/js/app.js", Map.of("If-Modified-Since", lastModified));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void nothingOutsideTheWebFolderIsServed() {
        for (String path : new String[] {"/nope.js", "/../openapi.yaml", "/%2e%2e/openapi.yaml", "/js/../../logback.xml",
                "/logback.xml", "/dev/stackd/controller/Main.class", "/web/index.html"}) {
            var r = browser("GET", path, Map.of());
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).doesNotContain("<configuration").doesNotContain("openapi:");
        }
    }

    @Test
    void aWebFolderInTheServersWorkingDirectoryIsNotServed() throws IOException {
        // before, Vert.x's StaticHandler looked for web/<path> in the working directory first, the jar after: a
        // web/ folder beside wherever `stackd serve` was started replaced the dashboard (its scripts too)
        Path web = Path.of("web").toAbsolutePath();
        // a web/ folder of someone else's would be deleted below: refuse to run over it (a failure, not a skip)
        assertThat(web).as("the test's working directory must not have a web/ folder of its own").doesNotExist();
        try {
            Files.createDirectories(web.resolve("js"));
            Files.writeString(web.resolve("index.html"), "<p>planted page</p>");
            Files.writeString(web.resolve("js/app.js"), "document.title = 'planted script';");
            Files.writeString(web.resolve("planted.html"), "<p>planted page</p>");

            for (String path : new String[] {"/", "/index.html"}) {
                var page = browser("GET", path, Map.of());
                assertThat(page.statusCode()).as(path).isEqualTo(200);
                assertThat(page.body()).as(path).contains("<script type=\"module\" src=\"js/app.js\"></script>").doesNotContain("planted");
            }
            var script = browser("GET", "/js/app.js", Map.of());
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.body()).doesNotContain("planted").contains("import");
            assertThat(browser("GET", "/planted.html", Map.of()).statusCode()).as("a file only in the working directory").isEqualTo(404);
        } finally {
            try (var files = Files.walk(web)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void onlyGetAndHeadReadTheFilesAndApiPathsStayTheApis() {
        assertThat(browser("POST", "/index.html", Map.of()).statusCode()).as("a file is read, never written").isEqualTo(405);
        assertThat(browser("HEAD", "/index.html", Map.of()).statusCode()).isEqualTo(200);
        var api404 = browser("GET", "/api/v1/nope", Map.of());
        assertThat(api404.statusCode()).isEqualTo(401); // the API's rules, not a file lookup
    }

    /** Everything the page loads before it shows the sign-in form: index.html, its stylesheet, icon and module graph. */
    @Test
    void theFirstLoadIsUnder300KB() {
        Set<String> loaded = new LinkedHashSet<>();
        var queue = new ArrayDeque<String>();
        queue.add("/index.html");
        long bytes = 0;
        while (!queue.isEmpty()) {
            String path = queue.poll();
            if (!loaded.add(path)) continue;
            var r = browser("GET", path, Map.of());
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            bytes += r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            var m = REFERENCE.matcher(r.body());
            String dir = path.substring(0, path.lastIndexOf('/') + 1);
            while (m.find()) {
                String ref = m.group(1) != null ? m.group(1) : m.group(2);
                queue.add(java.net.URI.create("http://x" + dir).resolve(ref).getPath());
            }
        }
        System.out.printf("dashboard first load: %d files, %d bytes%n", loaded.size(), bytes);
        assertThat(loaded).contains("/js/app.js", "/js/overview.js", "/js/stack.js", "/style.css", "/favicon.svg");
        assertThat(bytes).isLessThan(FIRST_LOAD_BUDGET);
    }

    /** A browser's request: no Authorization header. */
    private HttpResponse<String> browser(String method, String path, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(extra);
        headers.put("Authorization", null);
        return api.send(method, path, null, null, headers);
    }
}
