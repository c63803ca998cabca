package dev.stackd.api.compose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The format of .env and env_file files, read as compose-go's {@code dotenv} parser reads it:
 * <ul>
 *   <li>{@code KEY=value} or {@code KEY: value}, an optional {@code export }, blanks around the key and the value;
 *       keys of letters, digits, {@code _ . - [ ]}; a UTF-8 byte order mark and CRLF line ends are fine;</li>
 *   <li>unquoted values end at the line's end, or at " #" (a comment);</li>
 *   <li>'single-quoted' values are literal (only \' is unescaped) and may span lines;</li>
 *   <li>"double-quoted" values may span lines and know the escapes \a \b \f \n \r \t \v \\ \" \$ and \0NNN
 *       (octal); any other backslash stays;</li>
 *   <li>unquoted and double-quoted values are interpolated ({@link Interpolator}), the caller's variables first,
 *       then the keys the file defined before; single-quoted ones are not;</li>
 *   <li>text after a closing quote on its line is a comment when it starts with "#" (and otherwise the next
 *       statement, as in compose);</li>
 *   <li>a key alone on its line takes the caller's value, and is not defined when the caller has none.</li>
 * </ul>
 * One deliberate difference: compose reads a key alone on the file's last line, with no line break after it, as the
 * value of a variable named "" (a quirk of its parser); stackd reads it as on any other line.
 */
public final class DotEnv {
    private DotEnv() {}

    /** A line the format does not allow, or an interpolation error in a value; the message starts "line N: ". */
    public static final class DotEnvException extends Exception {
        private final int line;

        DotEnvException(int line, String message) {
            super("line " + line + ": " + message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    /** The file's variables in file order; {@code lookup} gives the caller's variables (null: not set). */
    public static Map<String, String> parse(String text, Function<String, String> lookup) throws DotEnvException {
        Map<String, String> out = new LinkedHashMap<>();
        parse(text, out, lookup);
        return out;
    }

    /**
     * Adds the file's variables to {@code into} (a later key replaces an earlier one). Values are interpolated with
     * {@code lookup} first, then what {@code into} holds so far: as compose reads several files into one map.
     */
    public static void parse(String text, Map<String, String> into, Function<String, String> lookup) throws DotEnvException {
        String src = text.startsWith("\uFEFF") ? text.substring(1) : text;
        new Parser(src, into, lookup).run();
    }

    private static final class Parser {
        private final String src;
        private final Map<String, String> out;
        private final Function<String, String> lookup;
        private int pos;
        private int line = 1;

        Parser(String src, Map<String, String> out, Function<String, String> lookup) {
            this.src = src;
            this.out = out;
            this.lookup = lookup;
        }

        void run() throws DotEnvException {
            while (statementStart()) {
                int keyLine = line;
                if (exportPrefix()) {
                    pos += "export".length();
                    while (pos < src.length() && isSpace(src.charAt(pos))) pos++;
                }
                int keyStart = pos;
                int end = pos;
                char separator = 0;
                while (end < src.length()) {
                    int cp = src.codePointAt(end);
                    if (cp == '=' || cp == ':' || cp == '\n') {
                        separator = (char) cp;
                        break;
                    }
                    if (!isSpace(cp) && !isKeyChar(cp)) {
                        int nl = src.indexOf('\n', keyStart);
                        throw new DotEnvException(keyLine, "unexpected character " + quote(new String(Character.toChars(cp)))
                                + " in variable name " + quote(src.substring(keyStart, nl < 0 ? src.length() : nl)));
                    }
                    end += Character.charCount(cp);
                }
                String key = stripTrailing(src.substring(keyStart, end));
                if (key.indexOf(' ') >= 0) throw new DotEnvException(keyLine, "key cannot contain a space");
                pos = end < src.length() ? end + 1 : end;
                if (separator == '\n' || separator == 0) {
                    // a key alone (compose needs a line break after it; see the class comment)
                    if (separator == '\n') line++;
                    String inherited = lookup.apply(key);
                    if (inherited != null) out.put(key, inherited);
                    continue;
                }
                while (pos < src.length() && isSpace(src.charAt(pos))) pos++;
                out.put(key, value(keyLine));
            }
        }

        /** Skips blanks and comment lines; false at the end of the text. */
        private boolean statementStart() {
            while (pos < src.length()) {
                int cp = src.codePointAt(pos);
                if (cp == '#') {
                    int nl = src.indexOf('\n', pos);
                    if (nl < 0) {
                        pos = src.length();
                        return false;
                    }
                    pos = nl;
                    continue;
                }
                if (!isUnicodeSpace(cp)) return true;
                if (cp == '\n') line++;
                pos += Character.charCount(cp);
            }
            return false;
        }

        /** "export" followed by blanks (compose's ^export\s+; "exportFOO" and "export_FOO" are keys). */
        private boolean exportPrefix() {
            int after = pos + "export".length();
            if (!src.startsWith("export", pos) || after >= src.length()) return false;
            char c = src.charAt(after);
            return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
        }

        private String value(int keyLine) throws DotEnvException {
            char quote = pos < src.length() ? src.charAt(pos) : 0;
            if (quote != '"' && quote != '\'') {
                int nl = src.indexOf('\n', pos);
                int end = nl < 0 ? src.length() : nl;
                String raw = src.substring(pos, end);
                pos = nl < 0 ? src.length() : nl + 1;
                line++;
                int comment = raw.indexOf(" #");
                if (comment >= 0) raw = raw.substring(0, comment);
                return interpolate(stripTrailing(raw), keyLine);
            }
            var chars = new StringBuilder();
            boolean escaped = false;
            for (int i = pos + 1; i < src.length(); i++) {
                char c = src.charAt(i);
                if (c == '\n') line++;
                if (c != quote) {
                    if (!escaped && c == '\\') {
                        escaped = true;
                        continue;
                    }
                    if (escaped) {
                        escaped = false;
                        chars.append('\\');
                    }
                    chars.append(c);
                    continue;
                }
                if (escaped) {
                    escaped = false;
                    chars.append(c);
                    continue;
                }
                pos = i + 1;
                return quote == '"' ? interpolate(expandEscapes(chars.toString()), keyLine) : chars.toString();
            }
            int nl = src.indexOf('\n', pos);
            throw new DotEnvException(keyLine, "unterminated quoted value " + src.substring(pos, nl < 0 ? src.length() : nl));
        }

        private String interpolate(String value, int keyLine) throws DotEnvException {
            try {
                return Interpolator.substitute(value, k -> {
                    String v = lookup.apply(k);
                    return v != null ? v : out.get(k);
                });
            } catch (Interpolator.InterpolationException e) {
                throw new DotEnvException(keyLine, e.getMessage());
            }
        }
    }

    /**
     * The escapes of a double-quoted value. {@code \$} becomes {@code $$}, which interpolation then reads as a
     * literal "$". {@code \0} and up to three digits is an octal byte when there are exactly three octal digits of
     * value 255 at most; otherwise the "0" is dropped and the rest kept (as compose's Go code does).
     */
    static String expandEscapes(String s) {
        if (s.indexOf('\\') < 0) return s;
        var out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char e = s.charAt(i + 1);
            String simple = switch (e) {
                case 'a' -> "\u0007";
                case 'b' -> "\b";
                case 'c' -> null;
                case 'f' -> "\f";
                case 'n' -> "\n";
                case 'r' -> "\r";
                case 't' -> "\t";
                case 'v' -> "\u000b";
                case '$' -> "$$";
                case '"' -> "\"";
                case '\\' -> "\\";
                default -> null;
            };
            if (e == 'c') {
                // in compose's list of escapes, but not a Go escape: it stays as written
                out.append("\\c");
                i += 2;
            } else if (simple != null) {
                out.append(simple);
                i += 2;
            } else if (e == '0') {
                int start = i + 2;
                int end = start;
                while (end < s.length() && end - start < 3 && s.charAt(end) >= '0' && s.charAt(end) <= '9') end++;
                String digits = s.substring(start, end);
                int value = octal(digits);
                if (value >= 0) out.append((char) value);
                else out.append('\\').append(digits);
                i = end;
            } else {
                out.append('\\');
                i++;
            }
        }
        return out.toString();
    }

    /** Three octal digits of value 255 at most; -1 otherwise. */
    private static int octal(String digits) {
        if (digits.length() != 3) return -1;
        int v = 0;
        for (int k = 0; k < 3; k++) {
            int d = digits.charAt(k) - '0';
            if (d > 7) return -1;
            v = v * 8 + d;
        }
        return v <= 255 ? v : -1;
    }

    /** Go's %q of a short text, enough for messages. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** compose's isSpace: a blank that is not a line break. */
    private static boolean isSpace(int c) {
        return c == '\t' || c == 0x0B || c == '\f' || c == '\r' || c == ' ' || c == 0x85 || c == 0xA0;
    }

    /** Go's unicode.IsSpace. */
    private static boolean isUnicodeSpace(int c) {
        if (c <= 0xFF) return c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r' || c == ' ' || c == 0x85 || c == 0xA0;
        int type = Character.getType(c);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static boolean isKeyChar(int c) {
        if (c == '_' || c == '.' || c == '-' || c == '[' || c == ']') return true;
        if (Character.isLetter(c)) return true;
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (!isUnicodeSpace(cp)) break;
            end -= Character.charCount(cp);
        }
        return s.substring(0, end);
    }
}
