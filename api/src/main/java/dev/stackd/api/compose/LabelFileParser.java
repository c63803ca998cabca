package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * label_file (read now, on the caller's side only, like env_file) merged under labels, which win; files later in
 * the list win over earlier ones. A label file is required, as in compose. The server reads no file.
 */
final class LabelFileParser {
    private final Fields f;
    private final StackContext stack;

    LabelFileParser(Fields f, StackContext stack) {
        this.f = f;
        this.stack = stack;
    }

    SortedMap<String, String> labels(YNode.Mapping service, String path) {
        SortedMap<String, String> labels = new TreeMap<>();
        YNode n = service.get("label_file");
        if (n != null) read(n, Fields.child(path, "label_file"), labels);
        labels.putAll(f.labels(service.get("labels"), Fields.child(path, "labels")));
        return labels;
    }

    private void read(YNode n, String path, SortedMap<String, String> labels) {
        List<String> files = f.strings(n, path);
        if (files == null) return;
        for (int i = 0; i < files.size(); i++) {
            String at = n instanceof YNode.Sequence ? Fields.index(path, i) : path;
            YNode node = n instanceof YNode.Sequence seq ? seq.items().get(i) : n;
            if (!stack.host.isLocal()) {
                f.error(at, node, "label_file is read on the client's side, not by the server: `stackd apply -f FILE` reads it"
                        + " and sends its labels; over the HTTP API, put them in labels:");
                continue;
            }
            Path resolved = stack.resolve(files.get(i), f, at, node);
            if (resolved == null) continue;
            try {
                Optional<String> text = stack.host.read(resolved);
                if (text.isEmpty()) {
                    f.error(at, node, "label_file " + resolved + " does not exist");
                    continue;
                }
                // a bare KEY takes its value from the labels read so far, as compose-go's label files do
                DotEnv.parse(text.get(), labels::get).forEach((k, v) -> {
                    if (k.startsWith(Reserved.LABEL_PREFIX)) {
                        f.error(at, node, "label " + k + " in " + resolved + ": labels starting with " + Reserved.LABEL_PREFIX
                                + " are stackd's own: choose another key");
                        return;
                    }
                    String value = v != null ? v : labels.get(k);
                    if (value != null) labels.put(k, value);
                });
            } catch (DotEnv.DotEnvException ex) {
                f.error(at, node, "label_file " + resolved + ": " + ex.getMessage());
            } catch (HostFiles.TooLarge ex) {
                f.error(at, node, "label_file " + resolved + " is larger than 1 MiB");
            } catch (IOException ex) {
                f.error(at, node, "cannot read label_file " + resolved + ": " + ex.getMessage());
            }
        }
    }
}
