package dev.stackd.controller.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.http.Json;
import dev.stackd.controller.spec.ParsedStack;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "diff", description = "Show what applying a file would change in the stored spec, field by field.")
final class DiffCommand extends ClientCommand {
    @Mixin
    ManifestFile manifest;

    @Override
    public Integer call() {
        ParsedStack local = manifest.load(root.env(), err()).stack();
        ApiClient api = api();
        String stack = local.spec().name();
        var response = api.get("/api/v1/stacks/" + ApiClient.encode(stack));
        var out = out();
        if (response.status() == 404) {
            out.println("stack " + stack + " does not exist yet: applying creates it");
            out.flush();
            return 0;
        }
        JsonNode stored = api.ok(response, 200).json().path("spec");
        List<String> lines = JsonDiff.diff(stored, Json.read(local.canonicalJson()));
        if (lines.isEmpty()) out.println("no changes");
        lines.forEach(out::println);
        out.flush();
        return 0;
    }
}
