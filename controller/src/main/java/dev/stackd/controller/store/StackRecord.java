package dev.stackd.controller.store;

import java.time.Instant;

/**
 * One stack as stored.
 *
 * @param specJson           the desired state, canonical JSON (opaque to the store)
 * @param sourceText         the compose file exactly as the user sent it
 * @param generation         grows by one each time the spec changes; starts at 1
 * @param observedGeneration the generation the reconciler last finished; 0 before its first reconcile
 * @param deleting           its objects are being removed; the record goes once they are gone
 * @param deleteVolumes      the deletion also removes its named volumes
 * @param statusJson         the last status the reconciler computed, opaque JSON; null before the first
 * @param originJson         where the spec came from, opaque JSON ({@code {"files": [...], "profiles": [...]}}: the
 *                           compose files the client merged and the profiles it enabled); null when not told
 */
public record StackRecord(
        String name,
        String specJson,
        String sourceText,
        long generation,
        long observedGeneration,
        Instant createdAt,
        Instant updatedAt,
        boolean deleting,
        boolean deleteVolumes,
        String statusJson,
        String originJson) {
}
