package dev.stackd.controller.plan;

import dev.stackd.controller.event.ObjectRef;
import dev.stackd.controller.event.Reasons;
import dev.stackd.api.model.VolumeSpec;
import dev.stackd.controller.engine.ObservedVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A named volume whose driver or driver options are not the spec's. Never repaired: recreating a volume loses its
 * data, so the plan only says so (a VolumeConfigDrift warning on every pass while it lasts) and uses it as it is.
 */
final class VolumeDrift {
    private VolumeDrift() {}

    /** The engine's default volume driver, which a spec without driver gets. */
    static final String DEFAULT_DRIVER = "local";

    /** Each differing setting as "name engine's (spec: spec's)"; empty when the volume is as specified. */
    static List<String> differences(VolumeSpec spec, ObservedVolume observed) {
        var out = new ArrayList<String>();
        String driver = spec.driver() == null ? DEFAULT_DRIVER : spec.driver();
        if (!driver.equals(observed.driver())) out.add("driver " + observed.driver() + " (spec: " + driver + ")");
        if (!spec.driverOpts().equals(observed.options()))
            out.add("driver_opts " + new TreeMap<>(observed.options()) + " (spec: " + spec.driverOpts() + ")");
        return out;
    }

    static Notice notice(VolumeSpec spec, List<String> differences) {
        return Notice.warning(Reasons.VOLUME_CONFIG_DRIFT, null, ObjectRef.volume(spec.name()), "differs from the spec: "
                + String.join(", ", differences) + "; left as it is, since recreating it would lose its data"
                + " (to apply the spec, back it up and remove it: stackd then creates it anew)");
    }
}
