package dev.stackd.controller.cli;

import dev.stackd.api.compose.Units;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Every duration flag: the syntax of compose files ("90s", "1m30s", "500ms", "1h"), longer than zero. A bare number
 * is refused rather than guessed (compose refuses it too, and seconds or minutes would be a guess).
 */
final class Durations implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String text = value.strip();
        if (text.matches("\\d+")) {
            throw new CommandLine.TypeConversionException("'" + value + "' needs a unit, as in compose files: " + text + "s, " + text + "m");
        }
        Duration d;
        try {
            d = Units.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: " + e.getMessage());
        }
        if (d.isZero()) throw new CommandLine.TypeConversionException("'" + value + "': a duration longer than 0 is needed");
        return d;
    }

    /** The short form back: "5m", "90s". */
    static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
        long s = d.toSeconds();
        if (s % 3600 == 0 && s > 0) return s / 3600 + "h";
        if (s % 60 == 0 && s > 0) return s / 60 + "m";
        return s + "s";
    }
}
