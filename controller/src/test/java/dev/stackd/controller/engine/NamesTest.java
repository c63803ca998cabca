package dev.stackd.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.BuildSpec;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void containerNamesAreComposes() {
        assertThat(Names.container("demo", spec("web", null, "nginx", null), 1)).isEqualTo("demo-web-1");
        assertThat(Names.container("demo", spec("web", null, "nginx", null), 12)).isEqualTo("demo-web-12");
        assertThat(Names.container("demo", spec("db", "postgres-main", "postgres", null), 1)).isEqualTo("postgres-main");
    }

    @Test
    void temporaryNamesRoundTrip() {
        assertThat(Names.temp("demo-web-1")).isEqualTo("demo-web-1-stackd-new");
        assertThat(Names.isTemp("demo-web-1-stackd-new")).isTrue();
        assertThat(Names.isTemp("demo-web-1")).isFalse();
        assertThat(Names.isTemp("-stackd-new")).isFalse();
        assertThat(Names.fromTemp("demo-web-1-stackd-new")).isEqualTo("demo-web-1");
        assertThatThrownBy(() -> Names.fromTemp("demo-web-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builtImagesAreTaggedAsComposeTagsThem() {
        var build = new BuildSpec("/src", "Dockerfile", new TreeMap<>(), null);
        assertThat(Names.image("demo", spec("web", null, "nginx:1.27", null))).isEqualTo("nginx:1.27");
        assertThat(Names.image("demo", spec("app", null, null, build))).isEqualTo("demo-app");
        assertThat(Names.image("demo", spec("app", null, "registry.local/app:2", build))).isEqualTo("registry.local/app:2");
    }

    /** A ServiceSpec with every other component at its neutral value (null, empty, 1 replica, false). */
    static ServiceSpec spec(String name, String containerName, String image, BuildSpec build) {
        Map<String, Object> set = Map.of("name", name, "image", image == null ? "" : image, "containerName",
                containerName == null ? "" : containerName, "replicas", 1);
        RecordComponent[] components = ServiceSpec.class.getRecordComponents();
        Object[] args = Arrays.stream(components).map(c -> {
            if (c.getName().equals("build")) return build;
            Object v = set.get(c.getName());
            if (v != null) return "".equals(v) ? null : v;
            Class<?> t = c.getType();
            if (t == boolean.class) return false;
            if (t == int.class) return 0;
            return null;
        }).toArray();
        try {
            var types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
            return ServiceSpec.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
