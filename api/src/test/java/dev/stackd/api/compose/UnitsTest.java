package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void durations() throws Units.Invalid {
        assertThat(Units.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Units.duration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Units.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Units.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Units.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Units.duration("0")).isEqualTo(Duration.ZERO);
        assertThat(Units.duration("87600h")).isEqualTo(Duration.ofDays(3650));
        for (String bad : new String[] {"10", "ten seconds", "10s garbage", ""}) {
            assertThatThrownBy(() -> Units.duration(bad)).isInstanceOf(Units.Invalid.class)
                    .hasMessage("expected e.g. 10s, 1m30s, 500ms or 1h");
        }
    }

    @Test
    void durationsNeitherOverflowNorVanish() {
        // 2562048h is just past Long.MAX_VALUE nanoseconds: it used to wrap to a negative duration
        assertThatThrownBy(() -> Units.duration("2562048h")).hasMessage("longer than 3650 days");
        assertThatThrownBy(() -> Units.duration("87600h1ns")).hasMessage("longer than 3650 days");
        assertThatThrownBy(() -> Units.duration("0.1ns")).hasMessage("a nonzero duration under one nanosecond");
        assertThatThrownBy(() -> Units.duration("1" + "0".repeat(40) + "h")).hasMessage("longer than 32 characters");
    }

    @Test
    void byteSizes() throws Units.Invalid {
        assertThat(Units.bytes("512m")).isEqualTo(512L * 1024 * 1024);
        assertThat(Units.bytes("1g")).isEqualTo(1024L * 1024 * 1024);
        assertThat(Units.bytes("1GB")).isEqualTo(1024L * 1024 * 1024);
        assertThat(Units.bytes("100k")).isEqualTo(102_400L);
        assertThat(Units.bytes("2048")).isEqualTo(2048L);
        assertThat(Units.bytes("1.5g")).isEqualTo(1536L * 1024 * 1024);
        assertThat(Units.bytes(String.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Units.bytes("lots")).hasMessage("expected a byte size like 512m or 1g");
        assertThatThrownBy(() -> Units.bytes("9223372036854775808")).hasMessage("more than 9223372036854775807 bytes");
        assertThatThrownBy(() -> Units.bytes("8388608t")).hasMessage("more than 9223372036854775807 bytes");
        assertThatThrownBy(() -> Units.bytes("0.0000001k")).hasMessage("a nonzero size under one byte");
    }

    @Test
    void cpus() throws Units.Invalid {
        assertThat(Units.nanoCpus("0.5")).isEqualTo(500_000_000L);
        assertThat(Units.nanoCpus("2")).isEqualTo(2_000_000_000L);
        assertThat(Units.nanoCpus("1024")).isEqualTo(1_024_000_000_000L);
        assertThatThrownBy(() -> Units.nanoCpus("-1")).hasMessage("must not be negative");
        assertThatThrownBy(() -> Units.nanoCpus("1024.000000001")).hasMessage("more than 1024 CPUs");
        assertThatThrownBy(() -> Units.nanoCpus("1e999999")).hasMessage("more than 1024 CPUs");
        assertThatThrownBy(() -> Units.nanoCpus("1e-10")).hasMessage("a nonzero value under one nano-CPU (0.000000001)");
        assertThatThrownBy(() -> Units.nanoCpus("1e99999999999")).hasMessage("expected a number of CPUs like 0.5 or 2");
        assertThatThrownBy(() -> Units.nanoCpus("two")).hasMessage("expected a number of CPUs like 0.5 or 2");
    }
}
