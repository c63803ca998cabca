package dev.stackd.controller.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.store.Revision;
import java.time.Instant;
import java.util.List;

/**
 * A revision as the API shows it ({@code GET /stacks/{name}/revisions}).
 *
 * @param current whether it is the stack's generation now
 * @param changed every service the generation touched (updated, added or removed), by name
 * @param spec    the spec of that generation (only when one revision is asked for)
 * @param source  the compose file as sent (only when one revision is asked for)
 */
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record RevisionView(long generation, Instant appliedAt, String outcome, boolean current, List<String> changed,
                           Revision.Changes changes, JsonNode spec, String source) {

    static RevisionView of(Revision r, long currentGeneration, boolean full) {
        return new RevisionView(r.generation(), r.appliedAt(), r.outcome().name(), r.generation() == currentGeneration,
                r.changes().all(), r.changes(), full ? Json.read(r.specJson()) : null, full ? r.sourceText() : null);
    }
}
