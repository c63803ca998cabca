package dev.stackd.controller.plan;

import dev.stackd.api.model.JobSpec;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.controller.engine.Labels;
import dev.stackd.controller.engine.ObservedContainer;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** What makes a container a job's run, and the run's own facts read from its labels. */
public final class JobRuns {
    private JobRuns() {}

    /** The second in a run's name, in UTC: local time repeats an hour when clocks go back. */
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    public static boolean isJob(ServiceSpec s) {
        return s != null && s.stackd().job() != null;
    }

    public static JobSpec job(ServiceSpec s) {
        return s.stackd().job();
    }

    public static boolean isRun(ObservedContainer c) {
        return c.labels().containsKey(Labels.JOB_RUN);
    }

    /** {stack}-{service}-{yyyyMMddHHmmss}. */
    public static String name(String stack, String service, Instant at) {
        return stack + "-" + service + "-" + NAME_TIME.format(at);
    }

    /** The time the run was scheduled for; null when the label does not read (not stackd's writing). */
    public static Instant scheduledFor(ObservedContainer c) {
        return instant(c.labels().get(Labels.JOB_RUN));
    }

    /** When stackd created the run; its scheduled time when the label is missing. */
    public static Instant createdAt(ObservedContainer c) {
        Instant created = instant(c.labels().get(Labels.JOB_CREATED));
        return created != null ? created : scheduledFor(c);
    }

    public static boolean manual(ObservedContainer c) {
        return "manual".equals(c.labels().get(Labels.JOB_TRIGGER));
    }

    private static Instant instant(String s) {
        if (s == null) return null;
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The spec a run is created from: the service's, with the engine's restart policy doing the retries (it restarts
     * a failed run with its own backoff, also while stackd is down, and counts them in RestartCount). A copy by record
     * components, so that a key added to ServiceSpec is carried over without a change here.
     */
    static ServiceSpec runSpec(ServiceSpec s) {
        int retries = job(s).retries();
        String restart = retries > 0 ? "on-failure:" + retries : "no";
        try {
            RecordComponent[] components = ServiceSpec.class.getRecordComponents();
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                values[i] = components[i].getName().equals("restart") ? restart : components[i].getAccessor().invoke(s);
            }
            return ServiceSpec.class.getDeclaredConstructor(types).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ServiceSpec is a record with a canonical constructor", e);
        }
    }
}
