package dev.stackd.api.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellWordsTest {
    @Test
    void splitsOnWhitespaceHonouringQuotes() throws Exception {
        assertThat(ShellWords.split("npm run  start")).containsExactly("npm", "run", "start");
        assertThat(ShellWords.split("sh -c 'echo hello world'")).containsExactly("sh", "-c", "echo hello world");
        assertThat(ShellWords.split("echo \"a \\\"b\\\" c\" d\\ e")).containsExactly("echo", "a \"b\" c", "d e");
        assertThat(ShellWords.split("x ''")).containsExactly("x", "");
    }

    @Test
    void unbalancedQuoteIsAnError() {
        assertThatThrownBy(() -> ShellWords.split("echo 'oops")).hasMessageContaining("unbalanced single quote");
    }
}
