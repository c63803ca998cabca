package dev.stackd.controller.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard's sign-in: the token traded for a session cookie, the cookie as good as the token, and the Origin check. */
@ExtendWith(ApiServerExtension.class)
class HttpSessionTest {
    /** A server per test, on a data dir of its own: {@link ApiServerExtension}. */
    ApiServer api;

    @BeforeEach
    void stack() {
        api.putYaml("demo", HttpStacksTest.WEB);
        api.backend.changed.clear();
    }

    @Test
    void theTokenIsTradedForAnHttpOnlyStrictExpiringCookieWithA256BitRandomId() {
        var first = api.send("POST", "/api/v1/session", null, null, Map.of());
        var second = api.send("POST", "/api/v1/session", null, null, Map.of());

        assertThat(first.statusCode()).isEqualTo(201);
        String setCookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(SessionRoutes.COOKIE + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").contains("Max-Age=43200");
        String id = cookieValue(first);
        assertThat(java.util.Base64.getUrlDecoder().decode(id)).hasSize(32);
        assertThat(cookieValue(second)).isNotEqualTo(id);
        assertThat(HttpStacksTest.json(first).path("signedInWith").asText()).isEqualTo("session");
        assertThat(HttpStacksTest.json(first).path("expiresAt").asText()).isNotEmpty();
        assertThat(first.body()).doesNotContain(id); // the ID is only in the HttpOnly cookie, never for a script
    }

    @Test
    void aWrongTokenGetsNoSessionAndNoCookie() {
        for (String auth : new String[] {"Bearer wrong-token", "Bearer", ""}) {
            var r = api.send("POST", "/api/v1/session", null, null, Map.of("Authorization", auth));
            assertThat(r.statusCode()).as(auth).isEqualTo(401);
            assertThat(r.headers().firstValue("Set-Cookie")).as(auth).isEmpty();
        }
    }

    @Test
    void theCookieReadsLikeTheTokenAndABogusOrMissingOneIs401() {
        String cookie = signIn();

        var list = withCookie("GET", "/api/v1/stacks", cookie, null);
        var session = withCookie("GET", "/api/v1/session", cookie, null);
        var bogus = withCookie("GET", "/api/v1/stacks", SessionRoutes.COOKIE + "=" + "A".repeat(43), null);
        var none = withCookie("GET", "/api/v1/stacks", null, null);

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(HttpStacksTest.json(list).get(0).path("name").asText()).isEqualTo("demo");
        assertThat(HttpStacksTest.json(session).path("signedInWith").asText()).isEqualTo("session");
        assertThat(bogus.statusCode()).isEqualTo(401);
        assertThat(bogus.body()).doesNotContain("demo");
        assertThat(none.statusCode()).isEqualTo(401);
    }

    @Test
    void aChangeSignedInByTheCookieNeedsThisServersOriginElse403AndNothingChanges() {
        String cookie = signIn();
        List<String> changing = api.server.endpoints().stream()
                .filter(e -> e.contains(" /api/") && !e.startsWith("GET ") && !e.startsWith("HEAD "))
                .filter(e -> !e.equals("POST /api/v1/session")) // opened with the token only: below
                .toList();
        assertThat(changing).contains("PUT /api/v1/stacks/:name", "DELETE /api/v1/stacks/:name",
                "POST /api/v1/stacks/:name/services/:service/restart", "DELETE /api/v1/session");
        for (String endpoint : changing) {
            String method = endpoint.split(" ")[0];
            String path = endpoint.split(" ")[1].replace(":name", "demo").replace(":service", "web");
            for (String origin : new String[] {null, "http://evil.example", "null", "http://127.0.0.1:1", api.url() + ".evil.example"}) {
                var r = withCookie(method, path, cookie, origin, HttpStacksTest.WEB_V2);
                assertThat(r.statusCode()).as(endpoint + " from " + origin).isEqualTo(403);
            }
        }
        assertThat(api.store.get("demo").orElseThrow().generation()).isEqualTo(1);
        assertThat(api.store.get("demo").orElseThrow().deleting()).isFalse();
        assertThat(api.backend.changed).isEmpty();
        assertThat(api.store.restartRequests("demo")).as("no restart stored").isEmpty();
        assertThat(withCookie("GET", "/api/v1/stacks", cookie, null).statusCode()).as("still signed in").isEqualTo(200);
    }

    @Test
    void aChangeSignedInByTheCookieFromThisServersOwnPageIsApplied() {
        String cookie = signIn();

        var put = withCookie("PUT", "/api/v1/stacks/demo", cookie, api.url(), HttpStacksTest.WEB_V2);
        var restart = withCookie("POST", "/api/v1/stacks/demo/services/web/restart", cookie, api.url(), null);
        var delete = withCookie("DELETE", "/api/v1/stacks/demo", cookie, api.url(), null);

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(restart.statusCode()).isEqualTo(202);
        assertThat(delete.statusCode()).isEqualTo(202);
        assertThat(api.store.get("demo").orElseThrow().generation()).isEqualTo(2);
        assertThat(api.store.restartRequests("demo")).containsOnlyKeys("web");
    }

    @Test
    void theBearerTokenNeedsNoOrigin() {
        var put = api.send("PUT", "/api/v1/stacks/demo", HttpStacksTest.WEB_V2, "application/yaml", Map.of());

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.request().headers().firstValue("Origin")).isEmpty();
    }

    @Test
    void aWrongBearerTokenIsRefusedEvenBesideAValidCookie() {
        String cookie = signIn();
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Bearer wrong-token");
        headers.put("Cookie", cookie);

        assertThat(api.send("GET", "/api/v1/stacks", null, null, headers).statusCode()).isEqualTo(401);
    }

    @Test
    void aSessionCannotOpenTheNextOneAndOutliveItsLifetime() {
        String cookie = signIn();

        var again = withCookie("POST", "/api/v1/session", cookie, api.url(), null);

        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void signingOutEndsTheSessionAndClearsTheCookie() {
        String cookie = signIn();

        var out = withCookie("DELETE", "/api/v1/session", cookie, api.url(), null);

        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith(SessionRoutes.COOKIE + "=;").contains("Max-Age=0");
        assertThat(withCookie("GET", "/api/v1/stacks", cookie, null).statusCode()).isEqualTo(401);
    }

    @Test
    void theEventWatchTakesTheCookieAsAnEventSourceSendsIt() throws Exception {
        String cookie = signIn();
        var request = java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/events?watch=true&stack=demo"))
                .header("Cookie", cookie).build();

        var r = api.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (var in = r.body()) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        }
    }

    private String signIn() {
        return SessionRoutes.COOKIE + "=" + cookieValue(api.send("POST", "/api/v1/session", null, null, Map.of()));
    }

    private static String cookieValue(HttpResponse<String> r) {
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private HttpResponse<String> withCookie(String method, String path, String cookie, String origin) {
        return withCookie(method, path, cookie, origin, null);
    }

    /** A browser's request: no Authorization header, the cookie and (when given) an Origin. */
    private HttpResponse<String> withCookie(String method, String path, String cookie, String origin, String yaml) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", null);
        headers.put("Cookie", cookie);
        headers.put("Origin", origin);
        return api.send(method, path, yaml, yaml == null ? null : "application/yaml", headers);
    }
}
