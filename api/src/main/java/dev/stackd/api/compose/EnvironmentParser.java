package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * env_file (read now, on the caller's side only) merged with environment (which wins), as compose-go's
 * WithServicesEnvironmentResolved does: the files are read in order into one map, and their values are interpolated
 * from the project's variables first, then environment:, then the keys read before. A variable without value in
 * environment: comes from the project's variables (else it is null, unset); one alone in an env_file is left out
 * when the project and environment: have no value for it.
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
        List<String> files = new ArrayList<>();
        SortedMap<String, String> declared = f.keyValues(service.get("environment"), Fields.child(path, "environment"), '=', stack.env::lookup);
        SortedMap<String, String> env = new TreeMap<>();
        YNode envFile = service.get("env_file");
        if (envFile != null) {
            Map<String, String> fromFiles = new LinkedHashMap<>();
            declared.forEach((k, v) -> {
                if (v != null) fromFiles.put(k, v);
            });
            Function<String, String> lookup = k -> {
                String v = stack.env.lookup(k);
                return v != null ? v : declared.get(k);
            };
            readEnvFiles(envFile, Fields.child(path, "env_file"), fromFiles, lookup, files);
            env.putAll(fromFiles);
        }
        env.putAll(declared);
        return new Result(env, files);
    }

    private void readEnvFiles(YNode n, String path, Map<String, String> env, Function<String, String> lookup, List<String> files) {
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
                DotEnv.parse(text.get(), env, lookup);
            } catch (DotEnv.DotEnvException ex) {
                f.error(at, e, "env_file " + resolved + ": " + ex.getMessage());
            } catch (HostFiles.TooLarge ex) {
                f.error(at, e, "env_file " + resolved + " is larger than 1 MiB");
            } catch (IOException ex) {
                f.error(at, e, "cannot read env_file " + resolved + ": " + ex.getMessage());
            }
        }
    }
}
