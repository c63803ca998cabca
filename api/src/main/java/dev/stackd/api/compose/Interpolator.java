package dev.stackd.api.compose;

import java.util.Map;

/**
 * Compose variable interpolation: ${VAR}, $VAR, ${VAR:-default}, ${VAR-default}, ${VAR:?message},
 * ${VAR?message}, ${VAR:+alt}, ${VAR+alt}, and $$ for a literal $. Missing variables become "" (as compose,
 * which warns); a missing required variable is an error.
 */
public final class Interpolator {
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

    public String lookup(String name) {
        return env.get(name);
    }

    public String interpolate(String in) throws InterpolationException {
        if (in.indexOf('$') < 0) return in;
        var out = new StringBuilder(in.length());
        int i = 0;
        while (i < in.length()) {
            char c = in.charAt(i);
            if (c != '$' || i + 1 == in.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = in.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int close = in.indexOf('}', i + 2);
                if (close < 0) throw new InterpolationException("invalid interpolation format in \"" + in + "\": missing closing }");
                out.append(braced(in.substring(i + 2, close), in));
                i = close + 1;
            } else if (isNameStart(next)) {
                int end = i + 1;
                while (end < in.length() && isNamePart(in.charAt(end))) end++;
                out.append(valueOrEmpty(in.substring(i + 1, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String braced(String expr, String whole) throws InterpolationException {
        int end = 0;
        while (end < expr.length() && isNamePart(expr.charAt(end))) end++;
        String name = expr.substring(0, end);
        if (name.isEmpty() || !isNameStart(name.charAt(0))) {
            throw new InterpolationException("invalid interpolation format in \"" + whole + "\": bad variable name in ${" + expr + "}");
        }
        String rest = expr.substring(end);
        String value = env.get(name);
        if (rest.isEmpty()) return value == null ? "" : value;
        boolean colon = rest.startsWith(":");
        String op = colon ? rest.substring(1) : rest;
        if (op.isEmpty()) throw new InterpolationException("invalid interpolation format in \"" + whole + "\": ${" + expr + "}");
        String arg = op.substring(1);
        boolean unset = colon ? value == null || value.isEmpty() : value == null;
        return switch (op.charAt(0)) {
            case '-' -> unset ? arg : value;
            case '+' -> unset ? "" : arg;
            case '?' -> {
                if (unset) {
                    throw new InterpolationException("required variable " + name + " is missing a value"
                            + (arg.isEmpty() ? "" : ": " + arg));
                }
                yield value;
            }
            default -> throw new InterpolationException("invalid interpolation format in \"" + whole + "\": ${" + expr + "}");
        };
    }

    private String valueOrEmpty(String name) {
        String v = env.get(name);
        return v == null ? "" : v;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }
}
