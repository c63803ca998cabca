package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void durations() {
        assertThat(Units.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Units.duration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Units.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Units.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Units.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Units.duration("0")).isEqualTo(Duration.ZERO);
        assertThat(Units.duration("10")).isNull();
        assertThat(Units.duration("ten seconds")).isNull();
        assertThat(Units.duration("10s garbage")).isNull();
    }

    @Test
    void byteSizes() {
        assertThat(Units.bytes("512m")).isEqualTo(512L * 1024 * 1024);
        assertThat(Units.bytes("1g")).isEqualTo(1024L * 1024 * 1024);
        assertThat(Units.bytes("1GB")).isEqualTo(1024L * 1024 * 1024);
        assertThat(Units.bytes("100k")).isEqualTo(102_400L);
        assertThat(Units.bytes("2048")).isEqualTo(2048L);
        assertThat(Units.bytes("1.5g")).isEqualTo(1536L * 1024 * 1024);
        assertThat(Units.bytes("lots")).isNull();
    }

    @Test
    void cpus() {
        assertThat(Units.nanoCpus("0.5")).isEqualTo(500_000_000L);
        assertThat(Units.nanoCpus("2")).isEqualTo(2_000_000_000L);
        assertThat(Units.nanoCpus("-1")).isNull();
    }
}
