package dev.stackd.api.compose.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.api.compose.DotEnv;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The .env / env_file format, case by case, from compose-go's {@code dotenv/parser_test.go},
 * {@code dotenv/godotenv_test.go} and {@code dotenv/godotenv_var_expansion_test.go} (their fixture files written
 * out inline), run against {@link DotEnv}. The lookup is what compose passes: the caller's environment, consulted
 * before the keys the file defined earlier.
 * <p>
 * Not here: TestLoadWithNoArgsLoadsDotEnv, TestLoadFileNotFound, TestLoadDoesNotOverride,
 * TestActualEnvVarsAreLeftAlone, TestErrorReadDirectory and TestGetEnvFromFile are about files and the process
 * environment, so {@code DotEnvInTheLoaderTest} runs them through the loader; TestLoadWithFormat registers a Go
 * parser for another format (stackd has the default format only); TestLinesToIgnore tests an internal function,
 * kept as "these lines define nothing".
 */
class DotEnvConformanceTest {
    private static final Function<String, String> NO_LOOKUP = k -> null;

    record Case(String from, String text, Map<String, String> lookup, Map<String, String> expected) {
        @Override
        public String toString() {
            return from + ": " + text.replace("\n", "\\n");
        }
    }

    private static Case c(String from, String text, Map<String, String> expected) {
        return new Case(from, text, Map.of(), expected);
    }

    private static Case c(String from, String text, Map<String, String> lookup, Map<String, String> expected) {
        return new Case(from, text, lookup, expected);
    }

    // fixtures/plain.env (and utf8-bom.env, the same with a BOM)
    private static final String PLAIN = """
            OPTION_A=1
            OPTION_B=2
            OPTION_C= 3
            OPTION_D =4
            OPTION_E = 5
            456 = ABC
            OPTION_F =\s
            OPTION_G=
            OPTION_H = my string # Inline comment
            """;
    private static final Map<String, String> PLAIN_VALUES = ordered("OPTION_A", "1", "OPTION_B", "2", "OPTION_C", "3", "OPTION_D", "4",
            "OPTION_E", "5", "456", "ABC", "OPTION_F", "", "OPTION_G", "", "OPTION_H", "my string");
    // fixtures/quoted.env
    private static final String QUOTED = """
            OPTION_A='1'
            OPTION_B='2'
            OPTION_C=''
            OPTION_D='\\n'
            OPTION_E="1"
            OPTION_F="2"
            OPTION_G=""
            OPTION_H="\\n"
            OPTION_I = "echo 'asd'" # Inline comment
            OPTION_J = 'first line
            second line
            third line
            and so on'
            OPTION_K='Let\\'s go!'
            OPTION_Z = "last value"
            """;
    // fixtures/unquoted.env
    private static final String UNQUOTED = """
            OPTION_A = "some quoted phrase"
            OPTION_B=first one with an unquoted phrase
            OPTION_C = then another one with an unquoted phrase
            OPTION_D = then another one with an unquoted phrase special è char
            OPTION_E = "then another one quoted phrase"
            """;
    // fixtures/substitutions.env and substitutions-default.env
    private static final String SUBSTITUTIONS = """
            OPTION_A=1
            OPTION_B=${OPTION_A}
            OPTION_C=$OPTION_B
            OPTION_D=${OPTION_A}_${OPTION_B}
            OPTION_E=${OPTION_NOT_DEFINED}
            """;
    private static final String SUBSTITUTIONS_DEFAULT = SUBSTITUTIONS.replace("OPTION_A=1", "OPTION_A=${OPTION_A:-1}");
    // godotenv_var_expansion_test.go's envMap: the lookup of expandVariables
    private static final Map<String, String> EXPANSION = Map.of("EMPTY_VAR", "", "TEST_VAR", "Test Value");

    static Stream<Case> cases() {
        return Stream.of(
                // parser_test.go TestParseBytes: keys with [ ] . - and non-ASCII letters
                c("TestParseBytes", "\na=b\na[1]=c\na.propertyKey=d\nárvíztűrő-TÜKÖRFÚRÓGÉP=ÁRVÍZTŰRŐ-tükörfúrógép\n",
                        ordered("a", "b", "a[1]", "c", "a.propertyKey", "d", "árvíztűrő-TÜKÖRFÚRÓGÉP", "ÁRVÍZTŰRŐ-tükörfúrógép")),
                // godotenv_var_expansion_test.go TestExpandIfEmptyOrUnset
                c("TestExpandIfEmptyOrUnset", "RESULT=${UNSET_VAR:-Default Value}", EXPANSION, Map.of("RESULT", "Default Value")),
                c("TestExpandIfEmptyOrUnset", "RESULT=${EMPTY_VAR:-Default Value}", EXPANSION, Map.of("RESULT", "Default Value")),
                c("TestExpandIfEmptyOrUnset", "RESULT=${TEST_VAR:-Default Value}", EXPANSION, Map.of("RESULT", "Test Value")),
                // TestExpandIfUnset
                c("TestExpandIfUnset", "RESULT=${UNSET_VAR-Default Value}", EXPANSION, Map.of("RESULT", "Default Value")),
                c("TestExpandIfUnset", "RESULT=${EMPTY_VAR-Default Value}", EXPANSION, Map.of("RESULT", "")),
                c("TestExpandIfUnset", "RESULT=${TEST_VAR-Default Value}", EXPANSION, Map.of("RESULT", "Test Value")),
                // TestErrorIfEmptyOrUnset, TestErrorIfUnset: their cases without error (the others are in errors())
                c("TestErrorIfEmptyOrUnset", "RESULT=${TEST_VAR:?Default Value}", EXPANSION, Map.of("RESULT", "Test Value")),
                c("TestErrorIfUnset", "RESULT=${EMPTY_VAR?Test error}", EXPANSION, Map.of("RESULT", "")),
                c("TestErrorIfUnset", "RESULT=${TEST_VAR?Default Value}", EXPANSION, Map.of("RESULT", "Test Value")),
                // godotenv_test.go TestReadPlainEnv, TestLoadPlainEnv (Read drops "456"; compose's .env and env_file keep it)
                c("TestReadPlainEnv", PLAIN, PLAIN_VALUES),
                // TestParse
                c("TestParse", "ONE=1\nTWO='2'\nTHREE = \"3\"", ordered("ONE", "1", "TWO", "2", "THREE", "3")),
                // TestLoadExportedEnv (fixtures/exported.env)
                c("TestLoadExportedEnv", "export OPTION_A=2\nexport OPTION_B='\\n'\n", ordered("OPTION_A", "2", "OPTION_B", "\\n")),
                // TestLoadEqualsEnv (fixtures/equals.env)
                c("TestLoadEqualsEnv", "export OPTION_A='postgres://localhost:5432/database?sslmode=disable'\n\n",
                        Map.of("OPTION_A", "postgres://localhost:5432/database?sslmode=disable")),
                // TestLoadQuotedEnv
                c("TestLoadQuotedEnv", QUOTED, ordered("OPTION_A", "1", "OPTION_B", "2", "OPTION_C", "", "OPTION_D", "\\n",
                        "OPTION_E", "1", "OPTION_F", "2", "OPTION_G", "", "OPTION_H", "\n", "OPTION_I", "echo 'asd'",
                        "OPTION_J", "first line\nsecond line\nthird line\nand so on", "OPTION_K", "Let's go!", "OPTION_Z", "last value")),
                // TestLoadUnquotedEnv
                c("TestLoadUnquotedEnv", UNQUOTED, ordered("OPTION_A", "some quoted phrase", "OPTION_B", "first one with an unquoted phrase",
                        "OPTION_C", "then another one with an unquoted phrase",
                        "OPTION_D", "then another one with an unquoted phrase special è char", "OPTION_E", "then another one quoted phrase")),
                // TestSubstitutions: keys defined earlier in the file
                c("TestSubstitutions", SUBSTITUTIONS, ordered("OPTION_A", "1", "OPTION_B", "1", "OPTION_C", "1", "OPTION_D", "1_1", "OPTION_E", "")),
                // TestExpanding
                c("TestExpanding", "FOO=test\nBAR=$FOO", ordered("FOO", "test", "BAR", "test")),
                c("TestExpanding", "FOO=test\nBAR=${FOO}bar", ordered("FOO", "test", "BAR", "testbar")),
                c("TestExpanding", "BAR=$FOO", Map.of("BAR", "")),
                c("TestExpanding", "FOO=test\nBAR=\"quote $FOO\"", ordered("FOO", "test", "BAR", "quote test")),
                c("TestExpanding", "BAR='quote $FOO'", Map.of("BAR", "quote $FOO")),
                c("TestExpanding", "FOO=\"foo\\$BAR\"", Map.of("FOO", "foo$BAR")),
                c("TestExpanding", "FOO=\"foo\\${BAR}\"", Map.of("FOO", "foo${BAR}")),
                c("TestExpanding", "FOO=test\nBAR=\"foo\\${FOO} ${FOO}\"", ordered("FOO", "test", "BAR", "foo${FOO} test")),
                // TestVariableStringValueSeparator: a quoted value over two lines
                c("TestVariableStringValueSeparator",
                        "TEST_URLS=\"stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443\"",
                        Map.of("TEST_URLS", "stratum+tcp://stratum.antpool.com:3333\nstratum+tcp://stratum.antpool.com:443")),
                // TestParsing
                c("TestParsing", "FOO=bar", Map.of("FOO", "bar")),
                c("TestParsing", "FOO =bar", Map.of("FOO", "bar")),
                c("TestParsing", "FOO= bar", Map.of("FOO", "bar")),
                c("TestParsing", "FOO=\"bar\"", Map.of("FOO", "bar")),
                c("TestParsing", "FOO='bar'", Map.of("FOO", "bar")),
                c("TestParsing", "FOO=\"escaped\\\"bar\"", Map.of("FOO", "escaped\"bar")),
                c("TestParsing", "FOO=\"\\\"quoted\\\"\"", Map.of("FOO", "\"quoted\"")),
                c("TestParsing", "FOO=\"'d'\"", Map.of("FOO", "'d'")),
                c("TestParsing", "OPTION_A: 1", Map.of("OPTION_A", "1")),
                c("TestParsing", "OPTION_A: Foo=bar", Map.of("OPTION_A", "Foo=bar")),
                c("TestParsing", "OPTION_A=1:B", Map.of("OPTION_A", "1:B")),
                c("TestParsing", "export OPTION_A=2", Map.of("OPTION_A", "2")),
                c("TestParsing", "export OPTION_B='\\n'", Map.of("OPTION_B", "\\n")),
                c("TestParsing", "export exportFoo=2", Map.of("exportFoo", "2")),
                c("TestParsing", "exportFOO=2", Map.of("exportFOO", "2")),
                c("TestParsing", "export_FOO =2", Map.of("export_FOO", "2")),
                c("TestParsing", "export.FOO= 2", Map.of("export.FOO", "2")),
                c("TestParsing", "export\tOPTION_A=2", Map.of("OPTION_A", "2")),
                c("TestParsing", "  export OPTION_A=2", Map.of("OPTION_A", "2")),
                c("TestParsing", "\texport OPTION_A=2", Map.of("OPTION_A", "2")),
                c("TestParsing", "export OPTION_A=\"export A\"", Map.of("OPTION_A", "export A")),
                c("TestParsing", "FOO=\"bar\\nbaz\"", Map.of("FOO", "bar\nbaz")),
                c("TestParsing", "FOO=a\\tb", Map.of("FOO", "a\\tb")),
                c("TestParsing", "FOO=\"a\\tb\"", Map.of("FOO", "a\tb")),
                c("TestParsing", "KEY=\"Z\\aZ\\bZ\\fZ\\nZ\\rZ\\tZ\\vZ\\\\Z\\0123Z\"", Map.of("KEY", "Z\u0007Z\bZ\fZ\nZ\rZ\tZ\u000bZ\\ZSZ")),
                c("TestParsing", "FOO.BAR=foobar", Map.of("FOO.BAR", "foobar")),
                c("TestParsing", "FOO=foobar=", Map.of("FOO", "foobar=")),
                c("TestParsing", "FOO=bar ", Map.of("FOO", "bar")),
                c("TestParsing", "FOO=bar # this is foo", Map.of("FOO", "bar")),
                c("TestParsing", "FOO=bar #this is foo", Map.of("FOO", "bar")),
                c("TestParsing", "FOO=bar #", Map.of("FOO", "bar")),
                c("TestParsing", "FOO=123#not-an-inline-comment", Map.of("FOO", "123#not-an-inline-comment")),
                c("TestParsing", "FOO=\"bar#baz\"", Map.of("FOO", "bar#baz")),
                c("TestParsing", "FOO=\"bar#baz\"#", Map.of("FOO", "bar#baz")),
                c("TestParsing", "FOO=\"bar#baz\" # comment", Map.of("FOO", "bar#baz")),
                c("TestParsing", "FOO='bar#baz' # comment", Map.of("FOO", "bar#baz")),
                c("TestParsing", "FOO=\"bar#baz#bang\" # comment", Map.of("FOO", "bar#baz#bang")),
                c("TestParsing", "FOO=\"ba#r\"", Map.of("FOO", "ba#r")),
                c("TestParsing", "FOO='ba#r'", Map.of("FOO", "ba#r")),
                c("TestParsing", "FOO=\"bar\\n\\ b\\az\"", Map.of("FOO", "bar\n\\ b\u0007z")),
                c("TestParsing", "FOO=\"bar\\\\\\n\\ b\\az\"", Map.of("FOO", "bar\\\n\\ b\u0007z")),
                c("TestParsing", "FOO=\"bar\\\\r\\ b\\az\"", Map.of("FOO", "bar\\r\\ b\u0007z")),
                c("TestParsing", "FOO=\"bar\\nbaz\\\\\"", Map.of("FOO", "bar\nbaz\\")),
                c("TestParsing", "=\"value\"", Map.of("", "value")),
                c("TestParsing", " KEY =value", Map.of("KEY", "value")),
                c("TestParsing", "   KEY=value", Map.of("KEY", "value")),
                c("TestParsing", "\tKEY=value", Map.of("KEY", "value")),
                c("TestParsing", "KEY=\"\\0123\"", Map.of("KEY", "S")),
                c("TestParsing", "KEY=\"\\x07\"", Map.of("KEY", "\\x07")),
                c("TestParsing", "KEY=\"\\u12e4\"", Map.of("KEY", "\\u12e4")),
                c("TestParsing", "KEY=\"\\U00101234\"", Map.of("KEY", "\\U00101234")),
                // TestLinesToIgnore: these lines define nothing; the last one does
                c("TestLinesToIgnore", "\n", Map.of()),
                c("TestLinesToIgnore", "\r\n", Map.of()),
                c("TestLinesToIgnore", "\t\t ", Map.of()),
                c("TestLinesToIgnore", "# Comment", Map.of()),
                c("TestLinesToIgnore", "\t # comment", Map.of()),
                c("TestLinesToIgnore", "export OPTION_B='\\n'", Map.of("OPTION_B", "\\n")),
                // TestInheritedEnvVariableSameSize (fixtures/inherited-multi-var.env): a bare key takes the caller's value
                c("TestInheritedEnvVariableSameSize", "foo=bar\nVAR_TO_BE_LOADED_FROM_OS_ENV\nbar=baz\n",
                        Map.of("VAR_TO_BE_LOADED_FROM_OS_ENV", "SOME_RANDOM_VALUE"),
                        ordered("foo", "bar", "VAR_TO_BE_LOADED_FROM_OS_ENV", "SOME_RANDOM_VALUE", "bar", "baz")),
                // TestInheritedEnvVariableSingleVar
                c("TestInheritedEnvVariableSingleVar", "VAR_TO_BE_LOADED_FROM_OS_ENV\n",
                        Map.of("VAR_TO_BE_LOADED_FROM_OS_ENV", "SOME_RANDOM_VALUE"),
                        Map.of("VAR_TO_BE_LOADED_FROM_OS_ENV", "SOME_RANDOM_VALUE")),
                // TestInheritedEnvVariableNotFound, ...WithLookup: a bare key the caller lacks is not defined at all
                c("TestInheritedEnvVariableNotFound", "VARIABLE_NOT_FOUND\n", Map.of()),
                // TestExpandingEnvironmentWithLookup
                c("TestExpandingEnvironmentWithLookup", "TEST=$ME", Map.of("ME", "YES"), Map.of("TEST", "YES")),
                // TestSubstitutionsWithEnvFilePrecedence: the caller's value wins in expansions, not in the file's own key
                c("TestSubstitutionsWithEnvFilePrecedence", SUBSTITUTIONS, Map.of("OPTION_A", "5"),
                        ordered("OPTION_A", "1", "OPTION_B", "5", "OPTION_C", "5", "OPTION_D", "5_5", "OPTION_E", "")),
                // TestSubstitutionsWithEnvFileDefaultValuePrecedence
                c("TestSubstitutionsWithEnvFileDefaultValuePrecedence", SUBSTITUTIONS_DEFAULT, Map.of("OPTION_A", "5"),
                        ordered("OPTION_A", "5", "OPTION_B", "5", "OPTION_C", "5", "OPTION_D", "5_5", "OPTION_E", "")),
                // TestSubstitutionsWithUnsetVarEnvFileDefaultValuePrecedence
                c("TestSubstitutionsWithUnsetVarEnvFileDefaultValuePrecedence", SUBSTITUTIONS_DEFAULT,
                        ordered("OPTION_A", "1", "OPTION_B", "1", "OPTION_C", "1", "OPTION_D", "1_1", "OPTION_E", "")),
                // TestUTF8BOM (fixtures/utf8-bom.env: plain.env behind a byte order mark)
                c("TestUTF8BOM", "\uFEFF" + PLAIN.replace("OPTION_F = \n", "OPTION_F =\n"), PLAIN_VALUES),
                // TestDash (fixtures/special.env)
                c("TestDash", "VAR.WITH.DOTS=dots\nVAR_WITH_UNDERSCORES=underscores\nVAR-WITH-DASHES=dashes\n",
                        ordered("VAR.WITH.DOTS", "dots", "VAR_WITH_UNDERSCORES", "underscores", "VAR-WITH-DASHES", "dashes")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void asCompose(Case c) throws Exception {
        assertThat(DotEnv.parse(c.text(), c.lookup()::get)).containsExactlyInAnyOrderEntriesOf(c.expected());
    }

    record Failure(String from, String text, String error) {
        @Override
        public String toString() {
            return from + ": " + text.replace("\n", "\\n");
        }
    }

    static Stream<Failure> errors() {
        return Stream.of(
                // parser_test.go TestParseVariable
                new Failure("TestParseVariable", "%!(EXTRA string)=foo", "line 1: unexpected character \"%\" in variable name \"%!(EXTRA string)=foo\""),
                // godotenv_var_expansion_test.go TestErrorIfEmptyOrUnset, TestErrorIfUnset
                new Failure("TestErrorIfEmptyOrUnset", "RESULT=${UNSET_VAR:?Test error}", "required variable UNSET_VAR is missing a value: Test error"),
                new Failure("TestErrorIfEmptyOrUnset", "RESULT=${EMPTY_VAR:?Test error}", "required variable EMPTY_VAR is missing a value: Test error"),
                new Failure("TestErrorIfUnset", "RESULT=${UNSET_VAR?Test error}", "required variable UNSET_VAR is missing a value: Test error"),
                // godotenv_test.go TestParsing: "throws an error if line format is incorrect"
                new Failure("TestParsing", "lol$wut", "unexpected character \"$\" in variable name"),
                // TestUnterminatedQuotes
                new Failure("TestUnterminatedQuotes", "KEY=\"", "unterminated quoted value"),
                new Failure("TestUnterminatedQuotes", "KEY=\"value", "unterminated quoted value"),
                new Failure("TestUnterminatedQuotes", "KEY=\"value\\\"", "unterminated quoted value"),
                new Failure("TestUnterminatedQuotes", "KEY=\"value'", "unterminated quoted value"),
                new Failure("TestUnterminatedQuotes", "KEY='", "unterminated quoted value"),
                new Failure("TestUnterminatedQuotes", "KEY='value", "unterminated quoted value"),
                new Failure("TestUnterminatedQuotes", "KEY='value\\'", "unterminated quoted value"),
                new Failure("TestUnterminatedQuotes", "KEY='value\"", "unterminated quoted value"),
                // TestErrorParsing (fixtures/invalid1.env)
                new Failure("TestErrorParsing", "# some comments\nfoo=\"\n  a\n  multine\n  value\n\"\nINVALID LINE\nzot=qix",
                        "line 7: key cannot contain a space"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void refusedAsCompose(Failure c) {
        Map<String, String> lookup = Map.of("EMPTY_VAR", "", "TEST_VAR", "Test Value");
        assertThatThrownBy(() -> DotEnv.parse(c.text(), lookup::get))
                .isInstanceOf(DotEnv.DotEnvException.class)
                .hasMessageContaining(c.error());
    }

    /** parser_test.go TestMemoryExplosion: 1,000 lines give 1,000 keys (and stackd's parser is linear; see DotEnvTest). */
    @Test
    void manyLines() throws Exception {
        var text = new StringBuilder();
        for (int i = 0; i < 1000; i++) text.append("KEY").append(i).append("=VALUE").append(i).append('\n');
        Map<String, String> env = DotEnv.parse(text.toString(), NO_LOOKUP);
        assertThat(env).hasSize(1000).containsEntry("KEY999", "VALUE999");
    }

    /** godotenv_test.go TestMultipleFiles: two files read in order into one map; the caller's value wins in expansions. */
    @Test
    void multipleFiles() throws Exception {
        String base = "\nENV_HOSTNAME=localhost\nENV_MY_URL=\"http://${ENV_HOSTNAME}\"\n";
        String override = "\nENV_HOSTNAME=dev.my-company.com\nENV_MY_URL=\"http://${ENV_HOSTNAME}\"\n";
        Map<String, String> env = new LinkedHashMap<>();
        DotEnv.parse(base, env, NO_LOOKUP);
        DotEnv.parse(override, env, NO_LOOKUP);
        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of("ENV_HOSTNAME", "dev.my-company.com", "ENV_MY_URL", "http://dev.my-company.com"));

        Map<String, String> os = Map.of("ENV_HOSTNAME", "host.local");
        Map<String, String> withOs = new LinkedHashMap<>();
        DotEnv.parse(base, withOs, os::get);
        DotEnv.parse(override, withOs, os::get);
        assertThat(withOs).containsExactlyInAnyOrderEntriesOf(Map.of("ENV_HOSTNAME", "dev.my-company.com", "ENV_MY_URL", "http://host.local"));
    }

    /**
     * A deliberate difference (docs/manifest.md, "Differences from docker compose"): a key alone on the last line,
     * with no line break after it, is read as on any other line. compose reads it as a variable named "".
     */
    @Test
    void aBareKeyOnTheLastLine() throws Exception {
        assertThat(DotEnv.parse("A=1\nFOO", Map.of("FOO", "x")::get)).containsExactlyInAnyOrderEntriesOf(Map.of("A", "1", "FOO", "x"));
        assertThat(DotEnv.parse("A=1\nFOO", NO_LOOKUP)).containsExactlyInAnyOrderEntriesOf(Map.of("A", "1"));
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}
