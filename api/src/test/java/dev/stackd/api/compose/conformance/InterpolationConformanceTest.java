package dev.stackd.api.compose.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stackd.api.compose.Interpolator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compose's interpolation, case by case: every template of compose-go's {@code template/template_test.go} and
 * {@code interpolation/interpolation_test.go}, each with the test it comes from, run against {@link Interpolator}.
 * <p>
 * Not here, because they test compose-go's Go hooks rather than what a compose file means:
 * TestSubstituteWithCustomFunc, TestSubstituteWithReplacementFunc and TestSubstituteWithReplacementAppliedFunc (a
 * caller's own substitution function; the one case of them that uses the default rules is kept), TestPathMatches
 * (compose-go's tree paths), and the warnings of TestLazyDefault* (stackd logs no warning; their values are kept).
 * TestSubstitutionFunctionChoice names the operator compose picks; it is kept as the value that choice gives.
 * TestInterpolate, TestInvalidInterpolation and TestInterpolateWithCast are also run through the loader in
 * {@link InterpolationInTheLoaderTest}.
 */
class InterpolationConformanceTest {
    /** template_test.go's defaults. */
    private static final Map<String, String> TEMPLATE = Map.of("FOO", "first", "BAR", "", "JSON", "{\"json\":2}");
    /** interpolation_test.go's defaults. */
    private static final Map<String, String> INTERPOLATION = Map.of("USER", "jenny", "FOO", "bar", "count", "5", "REQUIRED", "true");
    private static final Map<String, String> NONE = Map.of();

    record Case(String from, String template, Map<String, String> env, String expected, String error) {
        @Override
        public String toString() {
            return from + ": " + template;
        }
    }

    private static Case ok(String from, String template, Map<String, String> env, String expected) {
        return new Case(from, template, env, expected, null);
    }

    private static Case fails(String from, String template, Map<String, String> env, String error) {
        return new Case(from, template, env, null, error);
    }

    private static final String INVALID = "invalid interpolation format";

    static Stream<Case> cases() {
        return Stream.of(
                // template_test.go TestEscaped
                ok("TestEscaped", "$${foo}", TEMPLATE, "${foo}"),
                // TestSubstituteNoMatch
                ok("TestSubstituteNoMatch", "foo", TEMPLATE, "foo"),
                // TestUnescaped: a $ that starts no expression stays
                ok("TestUnescaped", "a $ string", TEMPLATE, "a $ string"),
                ok("TestUnescaped", "^REGEX$", TEMPLATE, "^REGEX$"),
                ok("TestUnescaped", "$}", TEMPLATE, "$}"),
                ok("TestUnescaped", "$", TEMPLATE, "$"),
                // TestInvalid
                fails("TestInvalid", "${", TEMPLATE, INVALID),
                fails("TestInvalid", "${}", TEMPLATE, INVALID),
                fails("TestInvalid", "${ }", TEMPLATE, INVALID),
                fails("TestInvalid", "${ foo}", TEMPLATE, INVALID),
                fails("TestInvalid", "${foo }", TEMPLATE, INVALID),
                fails("TestInvalid", "${foo!}", TEMPLATE, INVALID),
                // TestNonBraced (docker/compose#8601)
                ok("TestNonBraced", "$FOO-bar", TEMPLATE, "first-bar"),
                // TestNoValueNoDefault
                ok("TestNoValueNoDefault", "This ${missing} var", TEMPLATE, "This  var"),
                ok("TestNoValueNoDefault", "This ${BAR} var", TEMPLATE, "This  var"),
                // TestValueNoDefault
                ok("TestValueNoDefault", "This $FOO var", TEMPLATE, "This first var"),
                ok("TestValueNoDefault", "This ${FOO} var", TEMPLATE, "This first var"),
                // TestNoValueWithDefault
                ok("TestNoValueWithDefault", "ok ${missing:-def}", TEMPLATE, "ok def"),
                ok("TestNoValueWithDefault", "ok ${missing-def}", TEMPLATE, "ok def"),
                // TestLazyDefaultDoesNotWarn, TestLazyDefaultWarnsWhenUsed, TestLazyRequiredMessageDoesNotWarn
                ok("TestLazyDefaultDoesNotWarn", "${A:+${A},}B", TEMPLATE, "B"),
                ok("TestLazyDefaultWarnsWhenUsed", "${A:-${B}}", TEMPLATE, ""),
                ok("TestLazyRequiredMessageDoesNotWarn", "${A?${B}}", Map.of("A", "value"), "value"),
                // TestEmptyValueWithSoftDefault, TestValueWithSoftDefault, TestEmptyValueWithHardDefault
                ok("TestEmptyValueWithSoftDefault", "ok ${BAR:-def}", TEMPLATE, "ok def"),
                ok("TestValueWithSoftDefault", "ok ${FOO:-def}", TEMPLATE, "ok first"),
                ok("TestEmptyValueWithHardDefault", "ok ${BAR-def}", TEMPLATE, "ok "),
                // TestPresentValueWith*
                ok("TestPresentValueWithUnset", "ok ${UNSET_VAR:+presence_value}", TEMPLATE, "ok "),
                ok("TestPresentValueWithUnset2", "ok ${UNSET_VAR+presence_value}", TEMPLATE, "ok "),
                ok("TestPresentValueWithNonEmpty", "ok ${FOO:+presence_value}", TEMPLATE, "ok presence_value"),
                ok("TestPresentValueAndNonEmptyWithNonEmpty", "ok ${FOO+presence_value}", TEMPLATE, "ok presence_value"),
                ok("TestPresentValueWithSet", "ok ${BAR+presence_value}", TEMPLATE, "ok presence_value"),
                ok("TestPresentValueAndNotEmptyWithSet", "ok ${BAR:+presence_value}", TEMPLATE, "ok "),
                // TestNonAlphanumericDefault
                ok("TestNonAlphanumericDefault", "ok ${BAR:-/non:-alphanumeric}", TEMPLATE, "ok /non:-alphanumeric"),
                // TestInterpolationExternalInterference: the text around an expression changes nothing
                ok("TestInterpolationExternalInterference", "-ok ${BAR:-defaultValue}", TEMPLATE, "-ok defaultValue"),
                ok("TestInterpolationExternalInterference", "+ok ${UNSET:-${BAR-defaultValue}}", TEMPLATE, "+ok "),
                ok("TestInterpolationExternalInterference", "-ok ${FOO:-defaultValue}", TEMPLATE, "-ok first"),
                ok("TestInterpolationExternalInterference", ":-ok ${UNSET-defaultValue}", TEMPLATE, ":-ok defaultValue"),
                ok("TestInterpolationExternalInterference", ":-ok ${BAR-defaultValue}", TEMPLATE, ":-ok "),
                ok("TestInterpolationExternalInterference", ":?ok ${BAR-defaultValue}", TEMPLATE, ":?ok "),
                ok("TestInterpolationExternalInterference", ":?ok ${BAR:-defaultValue}", TEMPLATE, ":?ok defaultValue"),
                ok("TestInterpolationExternalInterference", ":+ok ${BAR:-defaultValue}", TEMPLATE, ":+ok defaultValue"),
                ok("TestInterpolationExternalInterference", "+ok ${BAR-defaultValue}", TEMPLATE, "+ok "),
                ok("TestInterpolationExternalInterference", "?ok ${BAR:-defaultValue}", TEMPLATE, "?ok defaultValue"),
                // TestDefaultsWithNestedExpansion
                ok("TestDefaultsWithNestedExpansion", "ok ${UNSET_VAR-$FOO}", TEMPLATE, "ok first"),
                ok("TestDefaultsWithNestedExpansion", "ok ${UNSET_VAR-${FOO}}", TEMPLATE, "ok first"),
                ok("TestDefaultsWithNestedExpansion", "ok ${UNSET_VAR-${FOO} ${FOO}}", TEMPLATE, "ok first first"),
                ok("TestDefaultsWithNestedExpansion", "ok ${BAR:-$FOO}", TEMPLATE, "ok first"),
                ok("TestDefaultsWithNestedExpansion", "ok ${BAR:-${FOO}}", TEMPLATE, "ok first"),
                ok("TestDefaultsWithNestedExpansion", "ok ${BAR:-${FOO} ${FOO}}", TEMPLATE, "ok first first"),
                ok("TestDefaultsWithNestedExpansion", "ok ${BAR+$FOO}", TEMPLATE, "ok first"),
                ok("TestDefaultsWithNestedExpansion", "ok ${BAR+$FOO ${FOO:+second}}", TEMPLATE, "ok first second"),
                // TestMandatoryVariableErrors: the message is compose's
                fails("TestMandatoryVariableErrors", "not ok ${UNSET_VAR:?Mandatory Variable Unset}", TEMPLATE,
                        "required variable UNSET_VAR is missing a value: Mandatory Variable Unset"),
                fails("TestMandatoryVariableErrors", "not ok ${BAR:?Mandatory Variable Empty}", TEMPLATE,
                        "required variable BAR is missing a value: Mandatory Variable Empty"),
                fails("TestMandatoryVariableErrors", "not ok ${UNSET_VAR:?}", TEMPLATE, "required variable UNSET_VAR is missing a value"),
                fails("TestMandatoryVariableErrors", "not ok ${UNSET_VAR?Mandatory Variable Unset}", TEMPLATE,
                        "required variable UNSET_VAR is missing a value: Mandatory Variable Unset"),
                fails("TestMandatoryVariableErrors", "not ok ${UNSET_VAR?}", TEMPLATE, "required variable UNSET_VAR is missing a value"),
                // TestMandatoryVariableErrorsWithNestedExpansion: the message is interpolated too
                fails("TestMandatoryVariableErrorsWithNestedExpansion", "not ok ${UNSET_VAR:?Mandatory Variable ${FOO}}", TEMPLATE,
                        "required variable UNSET_VAR is missing a value: Mandatory Variable first"),
                fails("TestMandatoryVariableErrorsWithNestedExpansion", "not ok ${UNSET_VAR?Mandatory Variable ${FOO}}", TEMPLATE,
                        "required variable UNSET_VAR is missing a value: Mandatory Variable first"),
                // TestDefaultsForMandatoryVariables
                ok("TestDefaultsForMandatoryVariables", "ok ${FOO:?err}", TEMPLATE, "ok first"),
                ok("TestDefaultsForMandatoryVariables", "ok ${FOO?err}", TEMPLATE, "ok first"),
                ok("TestDefaultsForMandatoryVariables", "ok ${BAR?err}", TEMPLATE, "ok "),
                // TestSubstituteWithReplacementFunc, its case with the default rules
                ok("TestSubstituteWithReplacementFunc", "ok ${SUBDOMAIN:-redis}.${FOO:?}", TEMPLATE, "ok redis.first"),
                // TestPrecedence: the first operator after the name is the one
                fails("TestPrecedence", "${UNSET_VAR?bar-baz}", TEMPLATE, "required variable UNSET_VAR is missing a value: bar-baz"),
                ok("TestPrecedence", "${UNSET_VAR-myerror?msg}", TEMPLATE, "myerror?msg"),
                ok("TestPrecedence", "${FOO?bar-baz}", TEMPLATE, "first"),
                ok("TestPrecedence", "${BAR:-default_value_for_empty_var}", TEMPLATE, "default_value_for_empty_var"),
                ok("TestPrecedence", "${UNSET_VAR-default_value_for_unset_var}", TEMPLATE, "default_value_for_unset_var"),
                // TestSubstitutionFunctionChoice: the operator compose picks, seen through the value it gives
                fails("TestSubstitutionFunctionChoice", "${VARNAME:?val?ue}", NONE, "required variable VARNAME is missing a value: val?ue"),
                fails("TestSubstitutionFunctionChoice", "${VARNAME?val:?ue}", NONE, "required variable VARNAME is missing a value: val:?ue"),
                fails("TestSubstitutionFunctionChoice", "${VARNAME?va-lu+e:?e}", NONE, "required variable VARNAME is missing a value: va-lu+e:?e"),
                fails("TestSubstitutionFunctionChoice", "${VARNAME?va+lu-e:?e}", NONE, "required variable VARNAME is missing a value: va+lu-e:?e"),
                ok("TestSubstitutionFunctionChoice", "${VARNAME:-value}", NONE, "value"),
                ok("TestSubstitutionFunctionChoice", "${VARNAME-va:-lu:?e}", NONE, "va:-lu:?e"),
                ok("TestSubstitutionFunctionChoice", "${VARNAME-va+lu?e}", NONE, "va+lu?e"),
                ok("TestSubstitutionFunctionChoice", "${VARNAME-va?lu+e}", NONE, "va?lu+e"),
                ok("TestSubstitutionFunctionChoice", "${VARNAME:+va:?lu:-e}", Map.of("VARNAME", "x"), "va:?lu:-e"),
                ok("TestSubstitutionFunctionChoice", "${VARNAME+va:+lue}", Map.of("VARNAME", ""), "va:+lue"),
                ok("TestSubstitutionFunctionChoice", "${VARNAME+va?lu-e}", Map.of("VARNAME", ""), "va?lu-e"),
                ok("TestSubstitutionFunctionChoice", "${VARNAME+va-lu?e}", Map.of("VARNAME", ""), "va-lu?e"),
                // TestNoValueWithCurlyBracesDefault, TestValueWithCurlyBracesDefault: braces inside a default
                ok("TestNoValueWithCurlyBracesDefault", "ok ${missing:-{\"json\":1}}", TEMPLATE, "ok {\"json\":1}"),
                ok("TestNoValueWithCurlyBracesDefault", "ok ${missing-{\"json\":1}}", TEMPLATE, "ok {\"json\":1}"),
                ok("TestValueWithCurlyBracesDefault", "ok ${JSON:-{\"json\":1}}", TEMPLATE, "ok {\"json\":2}"),
                ok("TestValueWithCurlyBracesDefault", "ok ${JSON-{\"json\":1}}", TEMPLATE, "ok {\"json\":2}"),

                // interpolation/interpolation_test.go TestInterpolate (values of a service)
                ok("TestInterpolate", "example:${USER}", INTERPOLATION, "example:jenny"),
                ok("TestInterpolate", "$FOO:/target", INTERPOLATION, "bar:/target"),
                ok("TestInterpolate", "${FOO}", INTERPOLATION, "bar"),
                ok("TestInterpolate", "$USER", INTERPOLATION, "jenny"),
                // TestInvalidInterpolation
                fails("TestInvalidInterpolation", "${", INTERPOLATION, INVALID),
                // TestInterpolateWithDefaults (FOO from the environment)
                ok("TestInterpolateWithDefaults", "thing_${FOO}", Map.of("FOO", "BARZ"), "thing_BARZ"),
                // TestValidUnexistentInterpolation: nothing set
                ok("TestValidUnexistentInterpolation", "{{{ ${FOO:-foo_} }}}", NONE, "{{{ foo_ }}}"),
                ok("TestValidUnexistentInterpolation", "{{{ ${FOO:-foo-bar-value} }}}", NONE, "{{{ foo-bar-value }}}"),
                ok("TestValidUnexistentInterpolation", "{{{ ${FOO:-foo?bar?value} }}}", NONE, "{{{ foo?bar?value }}}"),
                ok("TestValidUnexistentInterpolation", "{{{ ${FOO:-foo:?bar:?value} }}}", NONE, "{{{ foo:?bar:?value }}}"),
                ok("TestValidUnexistentInterpolation", "{{{ ${FOO:-foo} ${BAR:-DEFAULT_VALUE} }}}", NONE, "{{{ foo DEFAULT_VALUE }}}"),
                ok("TestValidUnexistentInterpolation", "{{{ ${BAR} }}}", NONE, "{{{  }}}"),
                ok("TestValidUnexistentInterpolation", "${FOO:-baz} }}}", NONE, "baz }}}"),
                ok("TestValidUnexistentInterpolation", "${FOO-baz} }}}", NONE, "baz }}}"),
                fails("TestValidUnexistentInterpolation", "{{{ ${FOO:?foo_} }}}", NONE, "required variable FOO is missing a value: foo_"),
                fails("TestValidUnexistentInterpolation", "{{{ ${FOO:?foo-bar-value} }}}", NONE,
                        "required variable FOO is missing a value: foo-bar-value"),
                fails("TestValidUnexistentInterpolation", "{{{ ${FOO:?foo} ${BAR:-DEFAULT_VALUE} }}}", NONE,
                        "required variable FOO is missing a value: foo"),
                fails("TestValidUnexistentInterpolation", "${FOO:?foo} ${BAR:?bar}", NONE, "required variable FOO is missing a value: foo"),
                ok("TestValidUnexistentInterpolation", "{{{ ${BAR} }}}", NONE, "{{{  }}}"),
                fails("TestValidUnexistentInterpolation", "${FOO:?baz} }}}", NONE, "required variable FOO is missing a value: baz"),
                fails("TestValidUnexistentInterpolation", "${FOO?baz} }}}", NONE, "required variable FOO is missing a value: baz"),
                ok("TestValidUnexistentInterpolation", "${FOO:-${BAR:-${ZOT:-qix}}}", NONE, "qix"),
                ok("TestValidUnexistentInterpolation", "${FOO:-${BAR:-x}_test_${BAR:-y}}", NONE, "x_test_y"),
                ok("TestValidUnexistentInterpolation", "${FOO:-${BAR:-x}_test}", NONE, "x_test"),
                ok("TestValidUnexistentInterpolation", "${FOO:-${BAR:-${ZOT:-x}}_test}", NONE, "x_test"),
                // TestValidExistentInterpolation: FOO (and USER) set
                ok("TestValidExistentInterpolation", "{{{ ${FOO:-foo_} }}}", INTERPOLATION, "{{{ bar }}}"),
                ok("TestValidExistentInterpolation", "{{{ ${FOO:-foo-bar-value} }}}", INTERPOLATION, "{{{ bar }}}"),
                ok("TestValidExistentInterpolation", "{{{ ${FOO:-foo} ${BAR:-DEFAULT_VALUE} }}}", INTERPOLATION, "{{{ bar DEFAULT_VALUE }}}"),
                ok("TestValidExistentInterpolation", "{{{ ${BAR} }}}", INTERPOLATION, "{{{  }}}"),
                ok("TestValidExistentInterpolation", "${FOO:-baz} }}}", INTERPOLATION, "bar }}}"),
                ok("TestValidExistentInterpolation", "${FOO-baz} }}}", INTERPOLATION, "bar }}}"),
                ok("TestValidExistentInterpolation", "{{{ ${FOO:-foo} ${USER:-bar} }}}", INTERPOLATION, "{{{ bar jenny }}}"),
                ok("TestValidExistentInterpolation", "{{{ ${USER} }}}", INTERPOLATION, "{{{ jenny }}}"),
                // TestInterpolateWithCast, the substitution half (the cast is the field's: see the loader test)
                ok("TestInterpolateWithCast", "$count", INTERPOLATION, "5"),
                ok("TestInterpolateWithCast", "$REQUIRED", INTERPOLATION, "true"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void asCompose(Case c) throws Exception {
        Interpolator interpolator = new Interpolator(new HashMap<>(c.env()));
        if (c.error() == null) {
            assertThat(interpolator.interpolate(c.template())).isEqualTo(c.expected());
        } else {
            assertThatThrownBy(() -> interpolator.interpolate(c.template()))
                    .isInstanceOf(Interpolator.InterpolationException.class)
                    .hasMessageContaining(c.error());
        }
    }
}
