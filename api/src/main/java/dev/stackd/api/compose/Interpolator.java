package dev.stackd.api.compose;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Compose variable interpolation, as compose-go's {@code template} package reads it: {@code ${VAR}}, {@code $VAR},
 * {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:?message}}, {@code ${VAR?message}},
 * {@code ${VAR:+alt}}, {@code ${VAR+alt}}, and {@code $$} for a literal {@code $}. A default, alternative or message
 * may itself hold expressions ({@code ${A:-${B:-c}}}) and braces ({@code ${J:-{"a":1}}}); it is interpolated only
 * when it is used. A missing variable becomes "" (compose warns); a missing required variable is an error, and so is
 * a {@code ${} that starts no valid expression. A {@code $} followed by anything else stays as it is.
 * <p>
 * Where an operator's expression ends is compose's rule, which is not plain brace matching: the expression cannot
 * leave its line; it ends at the first "}" that closes its "${" when braces are counted (a "{" counts one and hides
 * the character after it), or else at the last "}" of the line. Each character is scanned once per level of
 * nesting, and nesting is bounded, so the work stays linear in the text.
 */
public final class Interpolator {
    /** Deepest nesting of expressions inside defaults, alternatives and messages. */
    public static final int MAX_DEPTH = 32;

    private final Map<String, String> env;

    public Interpolator(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** Thrown for a malformed expression or a missing required variable; the message is for the user. */
    public static final class InterpolationException extends Exception {
        InterpolationException(String message) {
            super(message);
        }
    }

    /** The variable's value, null when it is not set. */
    public String lookup(String name) {
        return env.get(name);
    }

    /** The same variables and one more (which wins). */
    public Interpolator with(String name, String value) {
        Map<String, String> more = new HashMap<>(env);
        more.put(name, value);
        return new Interpolator(more);
    }

    public String interpolate(String in) throws InterpolationException {
        return substitute(in, env::get);
    }

    /** Interpolates {@code in} with variables from {@code lookup} (null: not set). */
    public static String substitute(String in, Function<String, String> lookup) throws InterpolationException {
        if (in.indexOf('$') < 0) return in;
        return substitute((CharSequence) in, lookup);
    }

    /** The same on any text: a test counts the characters read, to see that the work is linear. */
    static String substitute(CharSequence in, Function<String, String> lookup) throws InterpolationException {
        return new Scan(in, lookup).run(0, in.length(), 0);
    }

    /** One text being interpolated; {@link #run} works on a range of it, so nested parts are never copied out. */
    private static final class Scan {
        private final CharSequence s;
        private final Function<String, String> lookup;

        Scan(CharSequence s, Function<String, String> lookup) {
            this.s = s;
            this.lookup = lookup;
        }

        String run(int from, int to, int depth) throws InterpolationException {
            var out = new StringBuilder(to - from);
            // the line of the last operator expression seen, and its last '}' (-1: none), found once per line
            int lineEnd = -1;
            int lastClose = -1;
            int i = from;
            while (i < to) {
                int d = indexOf('$', i, to);
                if (d < 0) {
                    out.append(s, i, to);
                    break;
                }
                out.append(s, i, d);
                char next = d + 1 < to ? s.charAt(d + 1) : 0;
                if (next == '$') {
                    out.append('$');
                    i = d + 2;
                } else if (isNameStart(next)) {
                    int end = nameEnd(d + 1, to);
                    out.append(orEmpty(lookup.apply(s.subSequence(d + 1, end).toString())));
                    i = end;
                } else if (next == '{') {
                    int nameStart = d + 2;
                    if (nameStart >= to || !isNameStart(s.charAt(nameStart))) {
                        throw invalid(d, to, "a variable name ([A-Za-z_][A-Za-z0-9_]*) must follow ${");
                    }
                    int nameEnd = nameEnd(nameStart, to);
                    String name = s.subSequence(nameStart, nameEnd).toString();
                    if (nameEnd < to && s.charAt(nameEnd) == '}') {
                        out.append(orEmpty(lookup.apply(name)));
                        i = nameEnd + 1;
                        continue;
                    }
                    boolean colon = nameEnd < to && s.charAt(nameEnd) == ':';
                    int opAt = colon ? nameEnd + 1 : nameEnd;
                    char op = opAt < to ? s.charAt(opAt) : 0;
                    if (op != '-' && op != '+' && op != '?') {
                        throw invalid(d, to, "${" + name + " must be followed by }, :-, -, :?, ?, :+ or +");
                    }
                    if (d >= lineEnd) {
                        lineEnd = lineEnd(d, to);
                        lastClose = lastIndexOf('}', d, lineEnd);
                    }
                    if (lastClose <= opAt) throw invalid(d, to, "no closing } on its line");
                    int end = closing(d, lastClose);
                    if (depth >= MAX_DEPTH) throw invalid(d, to, "expressions nested deeper than " + MAX_DEPTH + " levels");
                    out.append(apply(name, colon, op, opAt + 1, end, depth));
                    i = end + 1;
                } else {
                    out.append('$');
                    i = d + 1;
                }
            }
            return out.toString();
        }

        /** The value of ${name OP arg}, arg being [argStart, argEnd); arg is interpolated only when used. */
        private String apply(String name, boolean colon, char op, int argStart, int argEnd, int depth) throws InterpolationException {
            String value = lookup.apply(name);
            boolean missing = colon ? value == null || value.isEmpty() : value == null;
            return switch (op) {
                case '-' -> missing ? run(argStart, argEnd, depth + 1) : value;
                case '+' -> missing ? "" : run(argStart, argEnd, depth + 1);
                default -> {
                    if (!missing) yield value;
                    String reason = run(argStart, argEnd, depth + 1);
                    throw new InterpolationException("required variable " + name + " is missing a value"
                            + (reason.isEmpty() ? "" : ": " + reason));
                }
            };
        }

        /**
         * Where the expression starting at d ("${") ends: compose counts braces from there ("{" opens and hides
         * the next character, "}" closes) up to the line's last "}", and takes that last one when they never balance.
         */
        private int closing(int d, int lastClose) {
            int open = 0;
            for (int k = d; k <= lastClose; k++) {
                char c = s.charAt(k);
                if (c == '}' && --open == 0) return k;
                if (c == '{') {
                    open++;
                    k++;
                }
            }
            return lastClose;
        }

        private InterpolationException invalid(int d, int to, String why) {
            int end = Math.min(lineEnd(d, to), d + 40);
            String excerpt = s.subSequence(d, end) + (end < lineEnd(d, to) ? "..." : "");
            return new InterpolationException("invalid interpolation format at \"" + excerpt + "\": " + why
                    + " (write $$ for a literal $)");
        }

        private int indexOf(char c, int from, int to) {
            for (int k = from; k < to; k++) if (s.charAt(k) == c) return k;
            return -1;
        }

        private int lastIndexOf(char c, int from, int to) {
            for (int k = to - 1; k >= from; k--) if (s.charAt(k) == c) return k;
            return -1;
        }

        private int lineEnd(int from, int to) {
            int nl = indexOf('\n', from, to);
            return nl < 0 ? to : nl;
        }

        private int nameEnd(int from, int to) {
            int end = from;
            while (end < to && isNamePart(s.charAt(end))) end++;
            return end;
        }
    }

    private static String orEmpty(String v) {
        return v == null ? "" : v;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
