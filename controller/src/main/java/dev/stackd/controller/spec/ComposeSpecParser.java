package dev.stackd.controller.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.api.ManifestException;
import dev.stackd.api.Manifests;
import dev.stackd.api.SpecReader;
import dev.stackd.api.ValidationError;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.compose.LoadResult;
import dev.stackd.api.compose.SpecValidator;
import dev.stackd.api.model.StackSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The compose parser of the api module, behind {@link SpecParser}. */
public final class ComposeSpecParser implements SpecParser {

    @Override
    public ParsedStack compose(String text, String nameOverride) {
        return of(ComposeLoader.load(LoadRequest.remote(text).withName(nameOverride)));
    }

    @Override
    public ParsedStack composeFile(Path file, String nameOverride, Map<String, String> environment) {
        return of(ComposeLoader.load(LoadRequest.ofFile(file).withName(nameOverride).withEnvironment(environment)));
    }

    @Override
    public ParsedStack specJson(JsonNode json, String nameOverride) {
        StackSpec spec;
        try {
            spec = SpecReader.stack(json);
        } catch (ManifestException e) {
            return ParsedStack.invalid(e.errors().stream().map(ComposeSpecParser::error).toList());
        }
        List<SpecError> errors = SpecChecks.check(spec, nameOverride);
        if (!errors.isEmpty()) return ParsedStack.invalid(errors);
        return of(SpecValidator.check(spec));
    }

    private static ParsedStack of(LoadResult result) {
        if (result.isValid()) return ParsedStack.valid(result.stack(), Manifests.toCanonicalJson(result.stack()));
        return ParsedStack.invalid(result.errors().stream().map(ComposeSpecParser::error).toList());
    }

    private static SpecError error(ValidationError e) {
        return new SpecError(e.path(), e.message(), e.line(), e.column());
    }
}
