package dev.stackd.api.compose;

/**
 * Names stackd keeps for itself, refused in a compose file: with them one stack could pass its objects off as
 * another's, or take the temporary name of another stack's container being recreated (the two would then fight
 * over the rename forever).
 */
public final class Reserved {
    private Reserved() {}

    /** Label keys stackd writes on what it creates (the stack, service, replica, spec hash...). */
    public static final String LABEL_PREFIX = "dev.stackd.";

    /** The suffix of the temporary name a container carries while it is recreated. */
    public static final String CONTAINER_SUFFIX = "-stackd-new";
}
