package dev.stackd.api.compose;

import java.util.ArrayList;
import java.util.List;

/** Splits a command string into words as compose does (POSIX shell quoting, no expansion). */
final class ShellWords {
    private ShellWords() {}

    static final class UnbalancedQuoteException extends Exception {
        UnbalancedQuoteException(String message) {
            super(message);
        }
    }

    static List<String> split(String s) throws UnbalancedQuoteException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == '\'') {
                if (c == '\'') quote = 0;
                else word.append(c);
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < s.length() && "\"\\$`".indexOf(s.charAt(i + 1)) >= 0) {
                    word.append(s.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < s.length()) {
                word.append(s.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) throw new UnbalancedQuoteException("unbalanced " + (quote == '"' ? "double" : "single") + " quote in \"" + s + "\"");
        if (inWord) words.add(word.toString());
        return words;
    }
}
