package dev.stackd.api;

/**
 * One problem found in a manifest.
 *
 * @param path    where it is, e.g. "services.web.ports[1]"; empty for the document itself
 * @param message what is wrong, for a human
 * @param line    1-based line in the source, 0 when unknown
 * @param column  1-based column in the source, 0 when unknown
 */
public record ValidationError(String path, String message, int line, int column) {

    /** "services.web.ports[1] (3:7): invalid port ..." */
    @Override
    public String toString() {
        String where = line > 0 ? " (" + line + ":" + column + ")" : "";
        return (path.isEmpty() ? "<document>" : path) + where + ": " + message;
    }
}
