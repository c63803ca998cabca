package dev.stackd.controller.spec;

/**
 * One problem in a stack's definition.
 *
 * @param path   where, e.g. "services.web.ports[1]"; empty for the document itself
 * @param line   1-based line in the source, 0 when unknown
 * @param column 1-based column in the source, 0 when unknown
 */
public record SpecError(String path, String message, int line, int column) {

    public static SpecError at(String path, String message) {
        return new SpecError(path, message, 0, 0);
    }

    /** "services.web.ports[1] (3:7): invalid port": the CLI prints one per line. */
    @Override
    public String toString() {
        String where = line > 0 ? " (" + line + ":" + column + ")" : "";
        return (path.isEmpty() ? "<document>" : path) + where + ": " + message;
    }
}
