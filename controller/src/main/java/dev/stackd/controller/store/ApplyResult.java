package dev.stackd.controller.store;

/**
 * What an apply did.
 *
 * @param generation the stack's generation after the apply
 * @param created    the stack did not exist before
 * @param changed    the desired state changed (created, or a new spec): the stack needs a reconcile.
 *                   A change of the source text alone is stored but is not a change here.
 */
public record ApplyResult(String name, long generation, boolean created, boolean changed) {
}
