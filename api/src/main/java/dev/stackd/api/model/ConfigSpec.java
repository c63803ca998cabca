package dev.stackd.api.model;

/** A top-level config: file (absolute path), inline content, or an environment variable's value. */
public record ConfigSpec(String name, String file, String content, String environment) {}
