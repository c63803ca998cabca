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
        assertThatThrownBy(() -> i("${TAG")).hasMessageContaining("missing closing }");
        assertThatThrownBy(() -> i("${1BAD}")).hasMessageContaining("bad variable name");
    }
}
