package dev.stackd.api.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.StackdSettings;
import dev.stackd.api.model.StackSpec;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A stack as stackd understood it, printed as a compose file ({@code stackd config}, like {@code docker compose
 * config}): every value interpolated, env_file read into environment, paths absolute, every key in its long syntax,
 * engine names explicit. Loading the printed file gives the same stack again (its envFiles aside: like compose, the
 * printed file carries their values, not their names).
 *
 * <p>It is {@link ComposeForm}, the form {@link SpecValidator} loads back, with what a reader does not need left
 * out: empty sections, {@code scale: 1}, an {@code x-stackd} block that only repeats the defaults.
 */
public final class ComposeWriter {
    public enum Format { yaml, json }

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // "8080" stays a string: compose reads some fields (environment, labels) only as strings
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> SECTIONS = List.of("networks", "volumes", "secrets", "configs");

    private ComposeWriter() {}

    /**
     * The compose document of a spec: maps, lists, strings, numbers and booleans. {@code interpolated}: the spec's
     * strings are final values, so each "$" is written "$$" (the loader would interpolate it); false for a spec
     * loaded without interpolation, whose "${VAR}" and "$$" are written as they were.
     */
    public static Map<String, Object> document(StackSpec spec, boolean interpolated) {
        Map<String, Object> doc = new ComposeForm().of(spec);
        SECTIONS.forEach(section -> {
            if (doc.get(section) instanceof Map<?, ?> m && m.isEmpty()) doc.remove(section);
        });
        if (doc.get("services") instanceof Map<?, ?> services) {
            spec.services().forEach((key, s) -> {
                if (s != null && services.get(key) instanceof Map<?, ?> service) tidy(service, s);
            });
        }
        return interpolated ? doc : asWritten(doc);
    }

    /** The document as text in the format. */
    public static String write(StackSpec spec, boolean interpolated, Format format) {
        Map<String, Object> doc = document(spec, interpolated);
        try {
            return switch (format) {
                case yaml -> YAML.writeValueAsString(doc);
                case json -> JSON.writeValueAsString(doc) + "\n";
            };
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Leaves out what the loader would set anyway: one replica, stackd's default settings. */
    private static void tidy(Map<?, ?> service, ServiceSpec spec) {
        if (spec.replicas() == 1) service.remove("scale");
        if (spec.stackd().equals(StackdSettings.DEFAULTS)) service.remove("x-stackd");
    }

    /** ComposeForm escapes every "$" of a string as "$$"; here the strings are kept as the file had them. */
    @SuppressWarnings("unchecked")
    private static <T> T asWritten(T value) {
        return (T) switch (value) {
            case null -> null;
            case String s -> s.replace("$$", "$");
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put((String) k, asWritten(v)));
                yield out;
            }
            case List<?> l -> l.stream().map(ComposeWriter::asWritten).toList();
            default -> value;
        };
    }
}
