package dev.stackd.controller.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What a plan collects besides operations: notices, in the order found, and the earliest revisit. */
final class Findings {
    private final List<Notice> notices = new ArrayList<>();
    private Duration requeueAfter;
    private final List<Plan.Hold> holds = new ArrayList<>();

    void hold(Plan.Hold h) {
        holds.add(h);
    }

    List<Plan.Hold> holds() {
        return holds;
    }

    void notice(Notice n) {
        notices.add(n);
    }

    /** Asks to look again after d; the earliest request wins. */
    void requeue(Duration d) {
        if (d.isNegative()) d = Duration.ZERO;
        if (requeueAfter == null || d.compareTo(requeueAfter) < 0) requeueAfter = d;
    }

    List<Notice> notices() {
        return notices;
    }

    Duration requeueAfter() {
        return requeueAfter;
    }
}
