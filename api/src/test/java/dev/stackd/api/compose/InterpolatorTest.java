package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolatorTest {
    private final Interpolator env = new Interpolator(Map.of("TAG", "1.2", "EMPTY", ""));

    private String i(String s) throws Interpolator.InterpolationException {
        return env.interpolate(s);
    }

    @Test
    void bracedAndBare() throws Exception {
        assertThat(i("nginx:${TAG}")).isEqualTo("nginx:1.2");
        assertThat(i("nginx:$TAG-alpine")).isEqualTo("nginx:1.2-alpine");
        assertThat(i("x${MISSING}y")).isEqualTo("xy");
    }

    @Test
    void defaults() throws Exception {
        assertThat(i("${MISSING:-8080}")).isEqualTo("8080");
        assertThat(i("${EMPTY:-8080}")).isEqualTo("8080");
        assertThat(i("${EMPTY-8080}")).isEqualTo("");
        assertThat(i("${MISSING-8080}")).isEqualTo("8080");
        assertThat(i("${TAG:-8080}")).isEqualTo("1.2");
    }

    @Test
    void alternatives() throws Exception {
        assertThat(i("${TAG:+set}")).isEqualTo("set");
        assertThat(i("${EMPTY:+set}")).isEqualTo("");
        assertThat(i("${EMPTY+set}")).isEqualTo("set");
        assertThat(i("${MISSING+set}")).isEqualTo("");
    }

    @Test
    void required() throws Exception {
        assertThat(i("${TAG:?need a tag}")).isEqualTo("1.2");
        assertThatThrownBy(() -> i("${MISSING:?need a tag}")).hasMessage("required variable MISSING is missing a value: need a tag");
        assertThatThrownBy(() -> i("${EMPTY:?}")).hasMessage("required variable EMPTY is missing a value");
        assertThat(i("${EMPTY?must be set}")).isEqualTo("");
        assertThatThrownBy(() -> i("${MISSING?must be set}")).hasMessageContaining("MISSING");
    }

    @Test
    void dollarDollarIsALiteralDollar() throws Exception {
        assertThat(i("echo $$HOME $${TAG}")).isEqualTo("echo $HOME ${TAG}");
        assertThat(i("costs 5$")).isEqualTo("costs 5$");
    }

    @Test
    void malformed() {
        assertThatThrownBy(() -> i("${TAG")).hasMessage("invalid interpolation format at \"${TAG\": ${TAG must be followed by }, :-, -, :?, ?, :+ or +"
                + " (write $$ for a literal $)");
        assertThatThrownBy(() -> i("${1BAD}")).hasMessageContaining("a variable name ([A-Za-z_][A-Za-z0-9_]*) must follow ${");
        assertThatThrownBy(() -> i("${ TAG}")).hasMessageContaining("must follow ${");
        assertThatThrownBy(() -> i("${TAG:x}")).hasMessageContaining("${TAG must be followed by }");
        assertThatThrownBy(() -> i("${TAG:-x")).hasMessageContaining("no closing } on its line");
        // an expression cannot span lines (compose's expressions stop at a line break)
        assertThatThrownBy(() -> i("${TAG:-a\nb}")).hasMessageContaining("no closing } on its line");
        assertThatThrownBy(() -> i("ok\n${TAG:-x")).hasMessageContaining("at \"${TAG:-x\"");
    }

    @Test
    void nestedAndBraced() throws Exception {
        assertThat(i("${A:-${B:-c}}")).isEqualTo("c");
        assertThat(i("${A:-${TAG:-c}}")).isEqualTo("1.2");
        assertThat(i("${J:-{\"a\":1}}")).isEqualTo("{\"a\":1}");
        assertThat(i("${A:-x}}")).isEqualTo("x}");
        assertThat(i("${A:-x} and ${B:-y}\n${C:-z}")).isEqualTo("x and y\nz");
        // an unused default is not interpolated, so an error inside it is none (as compose)
        assertThat(i("${TAG:-${}")).isEqualTo("1.2");
    }

    @Test
    void nestingIsBounded() throws Exception {
        String ok = "${A:-".repeat(Interpolator.MAX_DEPTH) + "deep" + "}".repeat(Interpolator.MAX_DEPTH);
        assertThat(i(ok)).isEqualTo("deep");
        String tooDeep = "${A:-" + ok + "}";
        assertThatThrownBy(() -> i(tooDeep)).hasMessageContaining("nested deeper than " + Interpolator.MAX_DEPTH + " levels");
    }

    /** Many expressions on one long line, and deep nesting, cost reads in proportion to the text, not its square. */
    @Test
    void linearInTheText() throws Exception {
        var many = new CountingText("${A:-x}".repeat(100_000));
        assertThat(Interpolator.substitute(many, k -> null)).hasSize(100_000);
        assertThat(many.reads).isLessThan(10L * many.length());

        var nested = new CountingText(("${A:-" + "y".repeat(20_000)).repeat(30) + "}".repeat(30));
        assertThat(Interpolator.substitute(nested, k -> null)).hasSize(600_000);
        assertThat(nested.reads).isLessThan(4L * 31 * nested.length());

        // braces that never balance make each expression run to the line's end: the depth bound stops it
        var unbalanced = new CountingText("${A:-{}".repeat(100_000));
        assertThatThrownBy(() -> Interpolator.substitute(unbalanced, k -> null)).hasMessageContaining("nested deeper");
        assertThat(unbalanced.reads).isLessThan(4L * (Interpolator.MAX_DEPTH + 1) * unbalanced.length());
    }

    /** A text that counts how often its characters are read. */
    private static final class CountingText implements CharSequence {
        private final String s;
        long reads;

        CountingText(String s) {
            this.s = s;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            reads++;
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            reads += end - start;
            return s.substring(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
