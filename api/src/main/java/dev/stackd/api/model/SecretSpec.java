package dev.stackd.api.model;

/** A top-level secret. Without swarm only file (absolute path) and environment are usable; external is refused. */
public record SecretSpec(String name, String file, String environment) {}
