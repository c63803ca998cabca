package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;

/**
 * {@code deploy.restart_policy} as docker compose applies it outside swarm ({@code pkg/compose/create.go}
 * getRestartPolicy): the condition becomes the engine's restart policy ({@code none}/{@code no} → no,
 * {@code any}/{@code always} → always, {@code on-failure} with {@code max_attempts} → on-failure:N,
 * {@code unless-stopped}); no condition is no policy, as compose sends it (swarm's default, any, is swarm's).
 * {@code delay} and {@code window} are read and range-checked; compose gives them to no engine call, and neither does
 * stackd (its own restart timing is {@code x-stackd}'s backoff).
 */
final class RestartPolicyParser {
    private final Fields f;

    RestartPolicyParser(Fields f) {
        this.f = f;
    }

    /** The policy as {@code restart:} writes it, or null when the service has no deploy.restart_policy. */
    String parse(YNode.Mapping service, String path) {
        if (!(service.get("deploy") instanceof YNode.Mapping deploy) || !deploy.has("restart_policy")) return null;
        String at = Fields.child(path, "deploy.restart_policy");
        YNode.Mapping m = f.mapping(deploy.get("restart_policy"), at);
        if (m == null) return null;
        Keys.RESTART_POLICY.check(m, at, f.problems());
        f.duration(m, "delay", at);
        f.duration(m, "window", at);
        Long attempts = f.integer(m, "max_attempts", at, Ranges.RETRIES);
        String condition = f.string(m, "condition", at);
        String policy = condition == null ? "no" : switch (condition) {
            case "none", "no" -> "no";
            case "any", "always" -> "always";
            case "on-failure" -> attempts == null || attempts == 0 ? "on-failure" : "on-failure:" + attempts;
            case "unless-stopped" -> "unless-stopped";
            default -> {
                f.error(Fields.child(at, "condition"), m.get("condition"), "invalid restart condition " + Fields.quote(condition)
                        + ": expected none, on-failure or any");
                yield null;
            }
        };
        if (attempts != null && attempts != 0 && policy != null && !policy.startsWith("on-failure")) {
            // compose passes the count on, and the engine refuses the create: said here instead
            f.error(Fields.child(at, "max_attempts"), m.get("max_attempts"), "max_attempts applies to condition on-failure only"
                    + " (the engine refuses a retry count with " + (condition == null ? "no condition" : "condition " + condition) + ")");
        }
        return policy;
    }
}
