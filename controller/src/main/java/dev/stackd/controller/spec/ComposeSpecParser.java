package dev.stackd.controller.spec;

import dev.stackd.api.Manifests;
import dev.stackd.api.ValidationError;
import dev.stackd.api.compose.ComposeLoader;
import dev.stackd.api.compose.LoadRequest;
import dev.stackd.api.compose.LoadResult;
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
    public ParsedStack specJson(String json, String nameOverride) {
        StackSpec spec;
        try {
            spec = Manifests.stackFromJson(json);
        } catch (IllegalArgumentException e) {
            return ParsedStack.invalid(List.of(SpecError.at("", e.getMessage())));
        }
        List<SpecError> errors = SpecChecks.check(spec, nameOverride);
        return errors.isEmpty() ? ParsedStack.valid(spec, Manifests.toCanonicalJson(spec)) : ParsedStack.invalid(errors);
    }

    private static ParsedStack of(LoadResult result) {
        if (result.isValid()) return ParsedStack.valid(result.stack(), Manifests.toCanonicalJson(result.stack()));
        return ParsedStack.invalid(result.errors().stream().map(ComposeSpecParser::error).toList());
    }

    private static SpecError error(ValidationError e) {
        return new SpecError(e.path(), e.message(), e.line(), e.column());
    }
}
