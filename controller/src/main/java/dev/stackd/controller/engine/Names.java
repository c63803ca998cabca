package dev.stackd.controller.engine;

import dev.stackd.api.model.ServiceSpec;

/** Engine names of what stackd creates, as docker compose makes them (so compose's tools recognise them). */
public final class Names {
    private Names() {}

    /** Suffix of the temporary name a recreated container carries until the old one is gone. */
    public static final String TEMP_SUFFIX = dev.stackd.api.compose.Reserved.CONTAINER_SUFFIX;

    /** {@code {stack}-{service}-{n}} (n 1-based), or the service's container_name (then it has one replica). */
    public static String container(String stack, ServiceSpec service, int replica) {
        if (service.containerName() != null) return service.containerName();
        return replicaPrefix(stack, service.name()) + replica;
    }

    /** What the default names of a service's replicas start with: {@code {stack}-{service}-}. */
    public static String replicaPrefix(String stack, String service) {
        return stack + "-" + service + "-";
    }

    public static String temp(String container) {
        return container + TEMP_SUFFIX;
    }

    public static boolean isTemp(String container) {
        return container.endsWith(TEMP_SUFFIX) && container.length() > TEMP_SUFFIX.length();
    }

    /** The name a temporary container takes once its recreate completes. */
    public static String fromTemp(String temp) {
        if (!isTemp(temp)) throw new IllegalArgumentException("not a temporary name: " + temp);
        return temp.substring(0, temp.length() - TEMP_SUFFIX.length());
    }

    /** The image a service's containers run: for a build, the tag it is built as (image, else "{stack}-{service}"). */
    public static String image(String stack, ServiceSpec service) {
        if (service.build() == null) return service.image();
        return service.image() != null ? service.image() : stack + "-" + service.name();
    }
}
