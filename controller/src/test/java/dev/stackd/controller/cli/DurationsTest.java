package dev.stackd.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** One parser for every duration flag, with the syntax of compose files. */
class DurationsTest {
    private final Durations durations = new Durations();

    @Test
    void composeSyntax() {
        assertThat(durations.convert("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(durations.convert("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(durations.convert("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aBareNumberAndZeroAreRefusedWithTheFormNeeded() {
        assertThatThrownBy(() -> durations.convert("30")).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessageContaining("needs a unit").hasMessageContaining("30s");
        assertThatThrownBy(() -> durations.convert("0s")).hasMessageContaining("longer than 0");
        assertThatThrownBy(() -> durations.convert("5 minutes")).hasMessageContaining("not a duration");
    }

    @Test
    void serveAndApplyReadTheSameDurations() {
        // before, serve --resync 30 was refused while apply --wait 30 was accepted (as seconds), and serve refused
        // compose's 1m30s: two parsers with two syntaxes
        var cli = new Cli(Map.of());
        var serve = cli.run("serve", "--resync", "30", "--data-dir", "/nonexistent/stackd-test");
        var apply = cli.run("apply", "-f", "/nonexistent/compose.yaml", "--wait", "30");
        assertThat(serve.code()).isEqualTo(2);
        assertThat(apply.code()).isEqualTo(2);
        assertThat(serve.err()).contains("needs a unit");
        assertThat(apply.err()).contains("needs a unit");
    }
}
