package dev.stackd.controller.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stackd.controller.status.StackStatus;
import dev.stackd.controller.status.StatusJson;
import dev.stackd.controller.store.StackRecord;
import java.time.Instant;

/**
 * A stack as the API shows it (docs/api.md, the OpenAPI file's StackSummary and Stack), and as {@code stackd get},
 * {@code describe} and {@code apply --wait} read it back. In a list the detail fields are absent.
 *
 * @param status        the reconciler's last status; null before the first reconcile
 * @param deleteVolumes detail only: whether the deletion takes the named volumes
 * @param spec          detail only: the normalised spec
 * @param files         detail only: the compose files the client read, when it sent them
 * @param profiles      detail only: the profiles the client enabled, when it sent them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StackView(String name, long generation, long observedGeneration, boolean deleting, Instant createdAt,
                        Instant updatedAt, StatusSummary summary, StackStatus status,
                        @JsonInclude(Include.NON_NULL) Boolean deleteVolumes,
                        @JsonInclude(Include.NON_NULL) JsonNode spec,
                        @JsonInclude(Include.NON_NULL) JsonNode files,
                        @JsonInclude(Include.NON_NULL) JsonNode profiles) {

    /** A stack in a list: no spec. */
    static StackView summary(StackRecord r) {
        var status = StatusJson.stored(r.statusJson()).orElse(null);
        return new StackView(r.name(), r.generation(), r.observedGeneration(), r.deleting(), r.createdAt(), r.updatedAt(),
                StatusSummary.of(status), status, null, null, null, null);
    }

    /** One stack: its spec too. */
    static StackView detail(StackRecord r) {
        var s = summary(r);
        var origin = Json.readOrNull(r.originJson());
        return new StackView(s.name, s.generation, s.observedGeneration, s.deleting, s.createdAt, s.updatedAt, s.summary,
                s.status, r.deleteVolumes(), Json.readOrNull(r.specJson()),
                origin == null ? null : origin.get("files"), origin == null ? null : origin.get("profiles"));
    }

    /** Whether the reconciler has seen {@code generation} (or a later one). */
    public boolean observed(long generation) {
        return observedGeneration >= generation;
    }
}
