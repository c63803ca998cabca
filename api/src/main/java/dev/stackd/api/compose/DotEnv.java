package dev.stackd.api.compose;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The KEY=value format of .env and env_file files: "#" comments, optional "export ", single or double quotes.
 * A line with a key and no "=" maps the key to null (taken from the caller's environment, or unset).
 */
final class DotEnv {
    private DotEnv() {}

    static Map<String, String> parse(String content) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : content.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring("export ".length()).strip();
            int eq = line.indexOf('=');
            if (eq < 0) {
                out.put(line, null);
                continue;
            }
            String key = line.substring(0, eq).strip();
            if (!key.isEmpty()) out.put(key, value(line.substring(eq + 1).strip()));
        }
        return out;
    }

    private static String value(String v) {
        if (v.length() >= 2 && v.charAt(0) == '"' && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
        }
        if (v.length() >= 2 && v.charAt(0) == '\'' && v.endsWith("'")) return v.substring(1, v.length() - 1);
        int comment = v.indexOf(" #");
        return comment >= 0 ? v.substring(0, comment).strip() : v;
    }
}
