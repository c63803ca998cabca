package dev.stackd.controller.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.stackd.controller.http.Json;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** {@code -o}: a table for people (the default), or the API's JSON as JSON or YAML for scripts. */
enum OutputFormat {
    table, json, yaml;

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    /** Prints {@code data} as JSON or YAML; false for table, which the command renders itself. */
    boolean printData(PrintWriter out, JsonNode data) {
        try {
            switch (this) {
                case json -> out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(data));
                case yaml -> out.print(YAML.writeValueAsString(data));
                case table -> {
                    return false;
                }
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
        return true;
    }
}
