package dev.stackd.controller.cli;

import dev.stackd.controller.http.ApiToken;
import dev.stackd.controller.store.DataDir;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the server is and how to authenticate: flags, else environment, else defaults and the token file. */
final class ClientOptions {
    static final String DEFAULT_SERVER = "http://127.0.0.1:7777";

    @Option(names = "--server", paramLabel = "URL",
            description = "The stackd API (default: $STACKD_SERVER, else " + DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--token", description = "The API token (default: $STACKD_TOKEN, else the token file in the data directory).")
    String token;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the token file is (default: $STACKD_DATA_DIR, else the usual data directory).")
    String dataDir;

    String server(Map<String, String> env) {
        String url = firstPresent(server, env.get("STACKD_SERVER"), DEFAULT_SERVER);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The token to send, or null when none is known (the server will then answer 401). */
    String token(Map<String, String> env) {
        String given = firstPresent(token, env.get("STACKD_TOKEN"), null);
        if (given != null) return given;
        Path dir = present(dataDir) ? Path.of(dataDir)
                : present(env.get(DataDir.ENV)) ? Path.of(env.get(DataDir.ENV)) : DataDir.resolve(null);
        return ApiToken.read(dir);
    }

    ApiClient client(Map<String, String> env) {
        return new ApiClient(server(env), token(env));
    }

    private static String firstPresent(String a, String b, String fallback) {
        if (present(a)) return a;
        if (present(b)) return b;
        return fallback;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
