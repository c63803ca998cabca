package dev.stackd.api;

/**
 * One problem found in a manifest.
 *
 * @param path    where it is, e.g. "services.web.ports[1]"; empty for the document itself
 * @param message what is wrong, for a human
 * @param line    1-based line in the source, 0 when unknown
 * @param column  1-based column in the source, 0 when unknown
 * @param file    the file the line is in, as the user named it; null for a document that is not a file (a request
 *                body) or when unknown
 */
public record ValidationError(String path, String message, int line, int column, String file) {

    public ValidationError(String path, String message, int line, int column) {
        this(path, message, line, column, null);
    }

    /** "services.web.ports[1] (3:7): invalid port ...", or "(compose.override.yaml:3:7)" when the file is known. */
    @Override
    public String toString() {
        String at = line > 0 ? line + ":" + column : "";
        String where = file != null ? " (" + file + (at.isEmpty() ? "" : ":" + at) + ")" : at.isEmpty() ? "" : " (" + at + ")";
        return (path.isEmpty() ? "<document>" : path) + where + ": " + message;
    }
}
