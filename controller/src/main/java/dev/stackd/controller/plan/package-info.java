/**
 * The planner: {@link dev.stackd.controller.plan.Planner} turns a desired {@code StackSpec} and one
 * {@code ObservedState} into a {@link dev.stackd.controller.plan.Plan}, with no engine calls and no clock.
 * <p>
 * Decisions worth knowing (each has a golden test under {@code src/test/resources/plans}):
 * <ul>
 * <li>Drift is {@link dev.stackd.controller.plan.ServiceHash} in the {@code dev.stackd.spec-hash} label; a changed
 *     hash, image ID, a recreated or unmounted volume, a dead container, or an endpoint on a network that was
 *     removed means recreate (create as {@code {name}-stackd-new}, stop old, remove old, rename, start).</li>
 * <li>Running, restarting and paused containers are left to the engine; exited and created ones are started
 *     unless Completed (exit 0 under restart "no" or "on-failure") or held back by stackd's crash-loop backoff,
 *     which applies to created containers too (a container that fails to start stays created).</li>
 * <li>Completed gets no notice: notices become events and would repeat on every pass; {@link
 *     dev.stackd.controller.status.StackStatus} reports it. Unhealthy containers of a service with
 *     restartUnhealthy false get no notice either: status reports them as Degraded.</li>
 * <li>depends_on: service_started is met by a running (or successfully exited) replica or one this plan launches;
 *     service_healthy by every replica running and healthy, or running without a healthcheck; and
 *     service_completed_successfully by every replica exited 0. A dependency this plan launches is neither healthy
 *     nor completed yet. Waiting leaves out creates, starts and recreates only: running containers are never
 *     stopped because of a dependency, and network repairs still happen.</li>
 * <li>Images are pulled or built only for services about to create a container: pull_policy "always" and "build"
 *     mean "on every create", not "on every pass" (a loop must not pull forever); "never" with the image missing
 *     makes the service wait with an ImageMissing warning.</li>
 * <li>A network or volume that exists under the wanted name is used as it is, whoever made it (as compose does);
 *     only objects with the stack's labels are removed. Volumes are never removed by {@code plan}, only by a
 *     deletion plan that asks for it.</li>
 * <li>Requeue: {@link dev.stackd.controller.plan.Planner#DEPENDENCY_WAIT} while waiting for a dependency,
 *     {@link dev.stackd.controller.plan.Planner#MISSING_WAIT} while something only the user can fix is missing
 *     (external network or volume, image with pull_policy never, a name taken by a foreign container), the time
 *     to the earliest retry while backing off; the minimum wins.</li>
 * </ul>
 */
package dev.stackd.controller.plan;
