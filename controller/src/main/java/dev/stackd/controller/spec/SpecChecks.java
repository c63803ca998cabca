package dev.stackd.controller.spec;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.StackSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks a normalised spec gets again on the server ({@code stackd apply} sends one it parsed itself): the
 * few facts the controller relies on, not the whole compose validation.
 */
final class SpecChecks {
    private SpecChecks() {
    }

    static List<SpecError> check(StackSpec spec, String expectedName) {
        List<SpecError> errors = new ArrayList<>();
        if (spec.name() == null || spec.name().isEmpty()) errors.add(SpecError.at("name", "the spec has no name"));
        else if (expectedName != null && !expectedName.equals(spec.name())) {
            errors.add(SpecError.at("name", "the spec is for stack " + spec.name() + ", not " + expectedName));
        }
        if (spec.services().isEmpty()) errors.add(SpecError.at("services", "a stack needs at least one service"));
        spec.services().forEach((key, service) -> service(key, service, errors));
        return errors;
    }

    private static void service(String key, ServiceSpec s, List<SpecError> errors) {
        String path = "services." + key;
        if (s == null) {
            errors.add(SpecError.at(path, "empty service"));
            return;
        }
        if (!key.equals(s.name())) errors.add(SpecError.at(path + ".name", "the service is named " + s.name() + ", not " + key));
        if (s.image() == null && s.build() == null) errors.add(SpecError.at(path, "a service needs an image or a build"));
        for (int i = 0; i < s.ports().size(); i++) {
            var port = s.ports().get(i);
            if (!validPort(port.target())) errors.add(SpecError.at(path + ".ports[" + i + "].target", "port " + port.target() + " is out of range 1-65535"));
            if (port.published() != null && !validPort(port.published())) {
                errors.add(SpecError.at(path + ".ports[" + i + "].published", "port " + port.published() + " is out of range 1-65535"));
            }
        }
        for (int i = 0; i < s.volumes().size(); i++) {
            var mount = s.volumes().get(i);
            if ("bind".equals(mount.type()) && (mount.source() == null || !Path.of(mount.source()).isAbsolute())) {
                errors.add(SpecError.at(path + ".volumes[" + i + "].source", "a bind mount's source must be an absolute path"));
            }
        }
    }

    private static boolean validPort(int port) {
        return port >= 1 && port <= 65535;
    }
}
