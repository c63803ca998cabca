package dev.stackd.controller.docker;

import dev.stackd.api.model.ServiceSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The drift hash of a service, stored in the {@link Labels#SPEC_HASH} label: SHA-256 of its canonical JSON
 * with the fields that must not force a recreate left out, as compose's hash.go does: replicas and depends_on
 * (how many containers run and when, not what one is), and what never reaches the container: env_file paths
 * (their content is in the environment), pull_policy and the x-stackd settings.
 */
public final class SpecHash {
    private SpecHash() {}

    /** 32 hex characters (128 bits): plenty against accidental collisions, short enough for a label. */
    public static String of(ServiceSpec service) {
        String json = CanonicalJson.write(containerRelevant(service));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static ServiceSpec containerRelevant(ServiceSpec s) {
        return new ServiceSpec(s.name(), s.image(), s.build(), s.command(), s.entrypoint(), s.environment(), null,
                s.ports(), s.expose(), s.volumes(), s.networks(), s.networkMode(), null, s.healthcheck(), s.restart(),
                s.labels(), s.containerName(), s.hostname(), s.domainname(), s.workingDir(), s.user(), s.stopSignal(),
                s.stopGracePeriod(), 1, s.resources(), s.capAdd(), s.capDrop(), s.privileged(), s.readOnly(), s.init(),
                s.tty(), s.stdinOpen(), s.extraHosts(), s.dns(), s.sysctls(), s.ulimits(), s.secrets(), s.configs(),
                s.platform(), s.runtime(), null, s.logging(), null);
    }
}
