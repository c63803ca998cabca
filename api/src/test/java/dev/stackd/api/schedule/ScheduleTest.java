package dev.stackd.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTest {
    private static final ZoneId UTC = ZoneOffset.UTC;
    /** A Wednesday. */
    private static final Instant T0 = Instant.parse("2025-01-01T10:17:23Z");

    private static List<Instant> next(String schedule, ZoneId zone, int n) {
        return Schedule.parse(schedule, zone).next(T0, n);
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void fiveFieldCronGetsASecondsFieldAndAnOpenDay() {
        assertThat(next("*/15 * * * *", UTC, 3)).containsExactly(at("2025-01-01T10:30:00Z"), at("2025-01-01T10:45:00Z"),
                at("2025-01-01T11:00:00Z"));
        assertThat(next("0 3 1 * *", UTC, 2)).containsExactly(at("2025-02-01T03:00:00Z"), at("2025-03-01T03:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource({
            // cron's day-of-week: 0 and 7 are Sunday; 2025-01-05 is a Sunday, 01-06 a Monday
            "'0 9 * * 0', 2025-01-05T09:00:00Z",
            "'0 9 * * 7', 2025-01-05T09:00:00Z",
            "'0 9 * * 1', 2025-01-06T09:00:00Z",
            "'0 9 * * MON', 2025-01-06T09:00:00Z",
            "'0 9 * * 1-5', 2025-01-02T09:00:00Z",
            "'0 9 * * 6-7', 2025-01-04T09:00:00Z",
            "'0 9 * * */3', 2025-01-04T09:00:00Z", // 0,3,6: Sunday, Wednesday (today, past 9:00), Saturday
    })
    void daysOfWeekAreCronsNumbers(String schedule, String first) {
        assertThat(next(schedule, UTC, 1)).containsExactly(at(first));
    }

    @Test
    void shorthandsAreTheirCronLines() {
        assertThat(next("@hourly", UTC, 1)).containsExactly(at("2025-01-01T11:00:00Z"));
        assertThat(next("@daily", UTC, 1)).containsExactly(at("2025-01-02T00:00:00Z"));
        assertThat(next("@weekly", UTC, 1)).containsExactly(at("2025-01-05T00:00:00Z"));
        assertThat(next("@monthly", UTC, 1)).containsExactly(at("2025-02-01T00:00:00Z"));
        assertThat(next("@yearly", UTC, 1)).containsExactly(at("2026-01-01T00:00:00Z"));
    }

    @Test
    void quartzSixAndSevenFieldsHaveSeconds() {
        assertThat(next("*/20 * * * * ?", UTC, 3)).containsExactly(at("2025-01-01T10:17:40Z"), at("2025-01-01T10:18:00Z"),
                at("2025-01-01T10:18:20Z"));
        assertThat(next("0 0 12 ? * WED 2026", UTC, 1)).containsExactly(at("2026-01-07T12:00:00Z"));
    }

    @Test
    void theZoneDecidesTheHour() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        var first = next("0 3 * * *", berlin, 1).getFirst();
        assertThat(ZonedDateTime.ofInstant(first, berlin).getHour()).isEqualTo(3);
        assertThat(first).isEqualTo(at("2025-01-02T02:00:00Z"));
    }

    @Test
    void everyCountsFromTheLastScheduledTime() {
        var every = Schedule.parse("@every 10m", UTC);
        assertThat(every.next(T0)).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(every.latestDue(T0, T0.plusSeconds(599))).isNull();
        assertThat(every.latestDue(T0, T0.plusSeconds(600))).isEqualTo(T0.plusSeconds(600));
        // three periods missed: only the latest is due
        assertThat(every.latestDue(T0, T0.plusSeconds(1900))).isEqualTo(T0.plusSeconds(1800));
    }

    @Test
    void latestDueOfACronIsTheLastFireUpToNow() {
        var s = Schedule.parse("*/5 * * * *", UTC);
        assertThat(s.latestDue(at("2025-01-01T10:00:00Z"), at("2025-01-01T10:04:59Z"))).isNull();
        assertThat(s.latestDue(at("2025-01-01T10:00:00Z"), at("2025-01-01T10:05:00Z"))).isEqualTo(at("2025-01-01T10:05:00Z"));
        assertThat(s.latestDue(at("2025-01-01T10:00:00Z"), at("2025-01-01T10:23:00Z"))).isEqualTo(at("2025-01-01T10:20:00Z"));
        // a year down: found through the growing windows, not by walking a year of fires
        assertThat(s.latestDue(at("2024-01-01T10:00:00Z"), at("2025-01-01T10:23:00Z"))).isEqualTo(at("2025-01-01T10:20:00Z"));
        var monthly = Schedule.parse("@monthly", UTC);
        assertThat(monthly.latestDue(at("2024-01-15T00:00:00Z"), at("2024-06-10T00:00:00Z"))).isEqualTo(at("2024-06-01T00:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|a schedule is needed",
            "@often|unknown schedule \"@often\"",
            "* * *|has 3 fields",
            "61 * * * *|minute 61 is not between 0 and 59",
            "99 * * * *|minute 99 is not between 0 and 59",
            "0 0 25 * * ?|hour 25 is not between 0 and 23",
            "*/0 * * * *|minute step 0 is not between 1 and 59",
            "0 0 12 ? * WED 1900|year 1900 is not between 1970 and 2199",
            "0 0 12 ? * 6#9|invalid schedule",
            "0 9 1 * 1|day-of-month (1) and day-of-week (1) are both set",
            "0 9 * * 8|8 is not between 0 and 7",
            "0 9 * * 5-1|runs backwards",
            "@every 500ms|must be at least 1s",
            "@every 1500ms|must be whole seconds",
            "@every soon|invalid @every duration",
            "0 0 0 1 1 ? 2001|never fires again",
    })
    void invalidSchedulesSayWhy(String schedule, String message) {
        assertThatThrownBy(() -> Schedule.parse(schedule, UTC)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
