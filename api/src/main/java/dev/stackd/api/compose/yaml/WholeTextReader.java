package dev.stackd.api.compose.yaml;

import java.io.StringReader;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * SnakeYAML's {@link StreamReader} over a text already in memory, with the same answers. The original reads 1,024
 * characters at a time and copies its whole window at each read while a token is being scanned, so one token of
 * n characters costs n²/1024 copies: a 900 KB scalar took seconds. This one holds every code point in one array,
 * and each call costs O(1), or O(length) for a prefix. Like the original, it refuses a non-printable character
 * once the scanner reaches it.
 */
final class WholeTextReader extends StreamReader {
    private static final String NAME = "'reader'";
    private final int[] data;
    /** Code points before the first non-printable one, which is refused when the scanner gets there. */
    private final int printable;
    private int pointer;
    private int index;
    private int documentIndex;
    private int line;
    private int column;

    WholeTextReader(String text) {
        super(new StringReader(""));
        this.data = text.codePoints().toArray();
        int n = 0;
        while (n < data.length && isPrintable(data[n])) n++;
        this.printable = n;
    }

    /** The original's ensureEnoughData: true when size + 1 code points are left from the pointer. */
    private boolean available(int size) {
        if (pointer + size < printable) return true;
        if (printable < data.length) {
            throw new ReaderException(NAME, printable, data[printable], "special characters are not allowed");
        }
        return false;
    }

    @Override
    public Mark getMark() {
        return new Mark(NAME, index, line, column, data, pointer);
    }

    @Override
    public void forward() {
        forward(1);
    }

    @Override
    public void forward(int length) {
        for (int i = 0; i < length && available(0); i++) {
            int c = data[pointer++];
            index++;
            documentIndex++;
            if (Constant.LINEBR.has(c) || (c == '\r' && available(0) && data[pointer] != '\n')) {
                line++;
                column = 0;
            } else if (c != 0xFEFF) {
                column++;
            }
        }
    }

    @Override
    public int peek() {
        return available(0) ? data[pointer] : '\0';
    }

    @Override
    public int peek(int offset) {
        return available(offset) ? data[pointer + offset] : '\0';
    }

    @Override
    public String prefix(int length) {
        if (length == 0) return "";
        if (available(length)) return new String(data, pointer, length);
        return new String(data, pointer, Math.min(length, printable - pointer));
    }

    /** As the original: the prefix holds no line break, so only the column moves. */
    @Override
    public String prefixForward(int length) {
        String prefix = prefix(length);
        pointer += length;
        index += length;
        documentIndex += length;
        column += length;
        return prefix;
    }

    @Override
    public int getColumn() {
        return column;
    }

    /** Overrides from SnakeYAML 2.2 on (the build resolves 2.0, which counts the limit with getIndex). */
    public int getDocumentIndex() {
        return documentIndex;
    }

    public void resetDocumentIndex() {
        documentIndex = 0;
    }

    @Override
    public int getIndex() {
        return index;
    }

    @Override
    public int getLine() {
        return line;
    }
}
