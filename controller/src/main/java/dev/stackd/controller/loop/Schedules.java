package dev.stackd.controller.loop;

import java.time.Duration;
import java.util.Properties;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The periodic jobs, on Quartz: the resync that enqueues every stack (the safety net under the event stream)
 * and the pruning of old events. Misfires (a machine that slept) run once, not once per missed period.
 */
public final class Schedules implements AutoCloseable {
    private final Scheduler scheduler;

    public Schedules() {
        var p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "stackd");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        try {
            scheduler = new StdSchedulerFactory(p).getScheduler();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot create the scheduler: " + e.getMessage(), e);
        }
    }

    /** Runs {@code task} every {@code period}, the first time after {@code period}. */
    public Schedules every(String name, Duration period, Runnable task) {
        var data = new JobDataMap();
        data.put("task", task);
        var job = JobBuilder.newJob(RunTask.class).withIdentity(name).usingJobData(data).build();
        var trigger = TriggerBuilder.newTrigger().withIdentity(name)
                .startAt(new java.util.Date(System.currentTimeMillis() + period.toMillis()))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(period.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        try {
            scheduler.scheduleJob(job, trigger);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule " + name + ": " + e.getMessage(), e);
        }
        return this;
    }

    public void start() {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            scheduler.shutdown(false);
        } catch (SchedulerException ignored) {
            // shutting down anyway
        }
    }

    /** Quartz instantiates jobs by class; the task itself travels in the job data. */
    public static final class RunTask implements Job {
        @Override
        public void execute(JobExecutionContext context) {
            ((Runnable) context.getMergedJobDataMap().get("task")).run();
        }
    }
}
