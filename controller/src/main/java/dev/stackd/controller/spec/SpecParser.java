package dev.stackd.controller.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/** Turns what users send (a compose file, or a normalised spec as JSON) into a validated {@link ParsedStack}. */
public interface SpecParser {

    /**
     * A compose file's text sent by a client: its files are on the client's host, so none is read here (no .env,
     * no env_file) and relative or "~" paths are errors at their field.
     *
     * @param nameOverride the stack name, winning over the file's {@code name:}; null to use the file's
     */
    ParsedStack compose(String text, String nameOverride);

    /** A compose file on disk, interpolated from {@code environment} and the file's {@code .env}. */
    ParsedStack composeFile(Path file, String nameOverride, Map<String, String> environment);

    /**
     * A normalised spec, as {@code stackd apply} sends it, read strictly (unknown fields and nulls where a value is
     * needed are errors) and validated as a compose file is.
     */
    ParsedStack specJson(JsonNode json, String nameOverride);
}
