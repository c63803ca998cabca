package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * env_file (read now, on the caller's side only) merged with environment (which wins). A variable without value comes
 * from the caller's env.
 */
final class EnvironmentParser {
    private final Fields f;
    private final StackContext stack;

    EnvironmentParser(Fields f, StackContext stack) {
        this.f = f;
        this.stack = stack;
    }

    record Result(SortedMap<String, String> environment, List<String> envFiles) {}

    Result parse(YNode.Mapping service, String path) {
        SortedMap<String, String> env = new TreeMap<>();
        List<String> files = new ArrayList<>();
        YNode envFile = service.get("env_file");
        if (envFile != null) readEnvFiles(envFile, Fields.child(path, "env_file"), env, files);
        env.putAll(f.keyValues(service.get("environment"), Fields.child(path, "environment"), '=', stack.env::lookup));
        return new Result(env, files);
    }

    private void readEnvFiles(YNode n, String path, SortedMap<String, String> env, List<String> files) {
        List<YNode> entries = n instanceof YNode.Sequence seq ? seq.items() : List.of(n);
        for (int i = 0; i < entries.size(); i++) {
            YNode e = entries.get(i);
            String at = n instanceof YNode.Sequence ? Fields.index(path, i) : path;
            String file;
            boolean required = true;
            if (e instanceof YNode.Mapping m) {
                Keys.ENV_FILE.check(m, at, f.problems());
                file = f.string(m, "path", at);
                Boolean r = f.bool(m, "required", at);
                if (r != null) required = r;
                if (file == null) {
                    f.error(at, e, "an env_file entry needs a path");
                    continue;
                }
            } else {
                file = f.string(e, at);
                if (file == null) continue;
            }
            if (!stack.host.isLocal()) {
                f.error(at, e, "env_file is read on the client's side, not by the server: `stackd apply -f FILE` reads it"
                        + " and sends its values; over the HTTP API, put the variables in environment:");
                continue;
            }
            Path resolved = stack.resolve(file, f, at, e);
            if (resolved == null) continue;
            files.add(resolved.toString());
            try {
                Optional<String> text = stack.host.read(resolved);
                if (text.isEmpty()) {
                    if (required) f.error(at, e, "env_file " + resolved + " does not exist (use required: false in the long syntax if it is optional)");
                    continue;
                }
                DotEnv.parse(text.get()).forEach((k, v) -> env.put(k, v != null ? v : stack.env.lookup(k)));
            } catch (HostFiles.TooLarge ex) {
                f.error(at, e, "env_file " + resolved + " is larger than 1 MiB");
            } catch (IOException ex) {
                f.error(at, e, "cannot read env_file " + resolved + ": " + ex.getMessage());
            }
        }
    }
}
