package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.compose.yaml.YamlTree;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a project's one YAML tree from its files, in compose-go's order ({@code loader/loader.go} loadYamlFile):
 * for each file, read and interpolate it, import what its {@code include} entries define, remove what its
 * {@code !reset}/{@code !override} tags name from the files before it, resolve its services' {@code extends}, then
 * merge it over the files before it ({@link ComposeMerge}). The result has no {@code include} and no
 * {@code extends} left, so the parsers see one ordinary compose document and every check still applies.
 * <p>
 * Relative paths: the project's own files (the {@code -f} files) keep theirs, resolved later against the project
 * directory, as compose does. A file read for {@code extends} has its paths made absolute against its own folder,
 * an included project against its project directory ({@link RelativePaths}).
 * <p>
 * A remote document (the server's) names files on the client's host: an {@code include} or an {@code extends}
 * with a {@code file} is an error at that field, and no file is opened.
 */
final class ProjectTree {
    /** Includes nested deeper than this are refused: a chain this long is a mistake, and each level reads files. */
    static final int MAX_INCLUDE_DEPTH = 16;

    private final HostFiles host;
    private final Problems problems;
    private final ComposeMerge merge;
    private final Path projectDir;
    /** Whether errors name their file: always for files other than the project's first, and for all when it has several. */
    private final boolean nameMainFile;
    private final List<Path> read = new ArrayList<>();
    /** Files read for extends, by path: each is read once however many services extend from it. */
    private final Map<Path, Loaded> extendsFiles = new HashMap<>();

    ProjectTree(HostFiles host, Path projectDir, boolean nameMainFile, Problems problems) {
        this.host = host;
        this.projectDir = projectDir;
        this.nameMainFile = nameMainFile;
        this.problems = problems;
        this.merge = new ComposeMerge(problems);
    }

    /** Every file read, in order. */
    List<Path> files() {
        return List.copyOf(read);
    }

    /**
     * One file to read: its text (already read for the first one) or null to read it from {@code path}; an
     * included file's entry (field and node) is where an error reading it is reported.
     */
    record Source(Path path, String text, String field, YNode at) {
        Source(Path path, String text) {
            this(path, text, "", null);
        }
    }

    /**
     * A file's tree and where it is.
     *
     * @param path the file (null for a text that is not a file)
     * @param name how errors name it (null: not named)
     * @param dir  where the relative paths of its include and extends start
     * @param env  what it was interpolated with, used again for the files it extends
     */
    private record Loaded(YNode.Mapping root, List<YamlTree.Tagged> tags, Path path, String name, Path dir, Interpolator env) {
        Object key() {
            return path != null ? path : "<document>";
        }
    }

    private static final KeyTable INCLUDE_KEYS = new KeyTable("include", java.util.Set.of("path", "project_directory", "env_file"), Map.of());
    private static final KeyTable EXTENDS_KEYS = new KeyTable("extends", java.util.Set.of("service", "file"), Map.of());

    /**
     * The project's tree: {@code files} merged in order, with {@code env} for interpolation; {@code dir} is where
     * their relative paths (include, extends) start. Empty when nothing could be read.
     */
    Optional<YNode.Mapping> assemble(List<Source> files, Interpolator interpolator, Map<String, String> env) {
        return assemble(files, projectDir, interpolator, env, List.of(), true);
    }

    /**
     * {@code interpolator} reads the files; {@code env} is what an included project's variables start from (the
     * same variables, as a map).
     */
    private Optional<YNode.Mapping> assemble(List<Source> files, Path dir, Interpolator interpolator, Map<String, String> env,
                                             List<Path> including, boolean top) {
        YNode.Mapping acc = null;
        for (int i = 0; i < files.size(); i++) {
            Source s = files.get(i);
            Optional<Loaded> loaded = read(s, interpolator, top && i == 0 && !nameMainFile ? null : displayName(s.path()), dir);
            if (loaded.isEmpty()) return Optional.empty();
            Loaded file = loaded.get();
            List<Path> chain = new ArrayList<>(including);
            if (s.path() != null) chain.add(s.path().toAbsolutePath().normalize());
            YNode.Mapping root = includes(file, env, chain);
            if (acc != null) acc = ComposeMerge.clear(acc, file.tags(), List.of());
            root = extendsAll(root, file);
            acc = acc == null ? root : merge.merge(acc, root, List.of());
        }
        return Optional.ofNullable(acc);
    }

    private Optional<Loaded> read(Source s, Interpolator env, String name, Path dir) {
        String text = s.text();
        if (text == null) {
            Optional<String> t = readFile(s.path(), s.field(), s.at());
            if (t.isEmpty()) return Optional.empty();
            text = t.get();
        } else if (s.path() != null) {
            read.add(s.path().toAbsolutePath().normalize());
        }
        Optional<YamlTree.Document> doc = YamlTree.read(text, name, env, problems);
        if (doc.isEmpty()) return Optional.empty();
        YNode root = doc.get().root();
        if (!(root instanceof YNode.Mapping m)) {
            problems.add("", root, "a compose file is a mapping (services:, networks:...), got " + root.describe());
            return Optional.empty();
        }
        Path path = s.path() == null ? null : s.path().toAbsolutePath().normalize();
        return Optional.of(new Loaded(m, doc.get().tagged(), path, name, dir, env));
    }

    /** A local file's text, or empty after an error at {@code path} (the field naming it, at {@code at}). */
    private Optional<String> readFile(Path file, String path, YNode at) {
        Path abs = file.toAbsolutePath().normalize();
        try {
            Optional<String> text = host.read(abs);
            if (text.isEmpty()) {
                problems.add(path, at, abs + ": no such file");
                return Optional.empty();
            }
            if (!read.contains(abs)) read.add(abs);
            return text;
        } catch (HostFiles.TooLarge e) {
            problems.add(path, at, abs + " is larger than 1 MiB: refused");
        } catch (IOException e) {
            problems.add(path, at, "cannot read " + abs + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    /** How errors name a file: relative to the project directory when it is inside it, else absolute. */
    private String displayName(Path file) {
        if (file == null) return null;
        Path abs = file.toAbsolutePath().normalize();
        if (projectDir != null && abs.startsWith(projectDir)) return projectDir.relativize(abs).toString();
        return abs.toString();
    }

    // ---- include (compose-go loader/include.go) ----

    private YNode.Mapping includes(Loaded file, Map<String, String> env, List<Path> chain) {
        YNode.Mapping root = file.root();
        YNode node = root.get("include");
        if (node == null) return root;
        Map<String, YNode.Entry> entries = new LinkedHashMap<>(root.entries());
        entries.remove("include");
        root = root.withEntries(entries);
        if (!host.isLocal()) {
            problems.add("include", node, "the server reads no file: apply with `stackd apply -f FILE`, which reads"
                    + " the included files on your side");
            return root;
        }
        if (!(node instanceof YNode.Sequence seq)) {
            if (!(node instanceof YNode.Scalar s && s.isNull())) problems.add("include", node, "expected a list, got " + node.describe());
            return root;
        }
        if (chain.size() > MAX_INCLUDE_DEPTH) {
            problems.add("include", node, "includes nested deeper than " + MAX_INCLUDE_DEPTH + " levels: refused");
            return root;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            String at = "include[" + i + "]";
            Include inc = include(seq.items().get(i), at, file.dir());
            if (inc == null) continue;
            Path first = inc.paths().getFirst();
            int cycle = chain.indexOf(first);
            if (cycle >= 0) {
                List<String> names = new ArrayList<>();
                for (Path p : chain.subList(cycle, chain.size())) names.add(displayName(p));
                names.add(displayName(first));
                problems.add(at, seq.items().get(i), "include cycle: " + String.join(" -> ", names));
                continue;
            }
            Map<String, String> includedEnv = includeEnvironment(inc, env, at, seq.items().get(i));
            if (includedEnv == null) continue;
            YNode entry = seq.items().get(i);
            List<Source> sources = inc.paths().stream().map(p -> new Source(p, null, at, entry)).toList();
            Optional<YNode.Mapping> imported = assemble(sources, inc.projectDirectory(),
                    file.env() == null ? null : new Interpolator(includedEnv), includedEnv, chain, false);
            if (imported.isEmpty()) continue;
            root = importResources(RelativePaths.absolute(imported.get(), inc.projectDirectory(), problems), root, file.tags());
        }
        return root;
    }

    private record Include(List<Path> paths, Path projectDirectory, List<Path> envFiles, boolean envFilesGiven) {}

    /** An include entry: a path, or {path: one or more, project_directory, env_file: one or more}. */
    private Include include(YNode item, String at, Path dir) {
        List<String> paths;
        String projectDirectory = null;
        List<String> envFiles = List.of();
        boolean envGiven = false;
        Fields f = new Fields(problems);
        if (item instanceof YNode.Scalar s && !s.isNull()) {
            paths = List.of(s.text());
        } else if (item instanceof YNode.Mapping m) {
            INCLUDE_KEYS.check(m, at, problems);
            paths = f.strings(m.get("path"), Fields.child(at, "path"));
            projectDirectory = f.string(m, "project_directory", at);
            if (m.has("env_file")) {
                envFiles = f.strings(m.get("env_file"), Fields.child(at, "env_file"));
                envGiven = true;
            }
            if (paths == null || envFiles == null) return null;
            if (paths.isEmpty()) {
                problems.add(Fields.child(at, "path"), m.has("path") ? m.get("path") : m, "an include needs a path");
                return null;
            }
        } else {
            problems.add(at, item, "expected a path or a mapping with path:, got " + item.describe());
            return null;
        }
        try {
            List<Path> resolved = paths.stream().map(p -> dir.resolve(p).normalize()).toList();
            Path project = projectDirectory == null ? resolved.getFirst().getParent() : dir.resolve(projectDirectory).normalize();
            List<Path> env = envFiles.stream().filter(e -> !e.equals("/dev/null")).map(e -> dir.resolve(e).normalize()).toList();
            return new Include(resolved, project, env, envGiven);
        } catch (InvalidPathException e) {
            problems.add(at, item, "invalid path: " + e.getMessage());
            return null;
        }
    }

    /**
     * The included project's environment: the including one's, overridden by its env_file (default: the .env of
     * its project directory, if there is one), as compose-go does.
     */
    private Map<String, String> includeEnvironment(Include inc, Map<String, String> env, String at, YNode item) {
        Map<String, String> out = new HashMap<>(env);
        List<Path> files = inc.envFilesGiven() ? inc.envFiles() : List.of(inc.projectDirectory().resolve(".env"));
        for (Path f : files) {
            Optional<String> text;
            try {
                text = host.read(f);
            } catch (IOException e) {
                problems.add(Fields.child(at, "env_file"), item, "cannot read " + f + ": " + e.getMessage());
                return null;
            }
            if (text.isEmpty()) {
                if (!inc.envFilesGiven()) continue;
                problems.add(Fields.child(at, "env_file"), item, f + ": no such file");
                return null;
            }
            if (!read.contains(f)) read.add(f);
            try {
                DotEnv.parse(text.get(), out::get).forEach((k, v) -> {
                    if (v != null) out.put(k, v);
                });
            } catch (DotEnv.DotEnvException e) {
                problems.add(Fields.child(at, "env_file"), item, f + ": " + e.getMessage());
                return null;
            }
        }
        return out;
    }

    private static final List<String> IMPORTED = List.of("services", "volumes", "networks", "secrets", "configs");

    /**
     * What an included project defines, added to the including file; where both define the same name, the
     * including file's definition is merged over the included one (compose-go importResources), its tags applied.
     */
    private YNode.Mapping importResources(YNode.Mapping imported, YNode.Mapping root, List<YamlTree.Tagged> tags) {
        Map<String, YNode.Entry> top = new LinkedHashMap<>(root.entries());
        for (String section : IMPORTED) {
            if (!(imported.get(section) instanceof YNode.Mapping from)) continue;
            YNode.Entry existing = top.get(section);
            YNode.Mapping to = existing != null && existing.value() instanceof YNode.Mapping m ? m : null;
            if (existing != null && to == null && !(existing.value() instanceof YNode.Scalar s && s.isNull())) continue; // the parser reports it
            Map<String, YNode.Entry> merged = new LinkedHashMap<>(to == null ? Map.of() : to.entries());
            for (YNode.Entry e : from.entries().values()) {
                YNode.Entry mine = merged.get(e.key());
                if (mine == null) {
                    merged.put(e.key(), e);
                    continue;
                }
                YNode theirs = e.value();
                if (theirs instanceof YNode.Mapping tm) theirs = ComposeMerge.clear(tm, tags, List.of(section, e.key()));
                merged.put(e.key(), mine.withValue(merge.mergeAt(theirs, mine.value(), List.of(section, e.key()))));
            }
            YNode.Mapping sectionNode = to != null ? to.withEntries(merged) : from.withEntries(merged);
            top.put(section, existing != null ? existing.withValue(sectionNode)
                    : new YNode.Entry(section, from.line(), from.column(), sectionNode, from.file()));
        }
        return root.withEntries(top);
    }

    // ---- extends (compose-go loader/extends.go) ----

    /** A service being resolved, for cycles: the file it is in and the service. */
    private record Link(Object file, String service) {}

    private YNode.Mapping extendsAll(YNode.Mapping root, Loaded file) {
        if (!(root.get("services") instanceof YNode.Mapping services)) return root;
        Map<String, YNode.Entry> entries = new LinkedHashMap<>(services.entries());
        for (String name : List.copyOf(entries.keySet())) {
            resolve(name, entries, file, new ArrayList<>());
        }
        Map<String, YNode.Entry> top = new LinkedHashMap<>(root.entries());
        top.put("services", top.get("services").withValue(services.withEntries(entries)));
        return root.withEntries(top);
    }

    /**
     * Service {@code name} of {@code services} (the entries of its file, updated in place) with its extends
     * applied, recursively: the base service, its own extends resolved first, with the tags of this file applied to
     * it, then this service merged over it. Null when it is not a mapping (the parser reports it).
     */
    private YNode.Mapping resolve(String name, Map<String, YNode.Entry> services, Loaded file, List<Link> chain) {
        YNode.Entry entry = services.get(name);
        if (entry == null || !(entry.value() instanceof YNode.Mapping service)) return null;
        YNode ext = service.get("extends");
        if (ext == null) return service;
        String at = "services." + name + ".extends";
        Map<String, YNode.Entry> without = new LinkedHashMap<>(service.entries());
        without.remove("extends");
        YNode.Mapping self = service.withEntries(without);
        services.put(name, entry.withValue(self)); // resolved once: a second visit (or a cycle) sees no extends
        String ref;
        String otherFile = null;
        YNode fileNode = null;
        Fields f = new Fields(problems);
        if (ext instanceof YNode.Scalar s && !s.isNull()) {
            ref = s.text();
        } else if (ext instanceof YNode.Mapping m) {
            EXTENDS_KEYS.check(m, at, problems);
            ref = f.string(m, "service", at);
            if (ref == null) {
                problems.add(Fields.child(at, "service"), m, "extends needs the service to extend");
                return self;
            }
            fileNode = m.get("file");
            otherFile = f.string(m, "file", at);
        } else {
            problems.add(at, ext, "expected a service name or a mapping with service: and file:, got " + ext.describe());
            return self;
        }
        Map<String, YNode.Entry> baseServices = services;
        Loaded baseFile = file;
        if (otherFile != null) {
            if (!host.isLocal()) {
                problems.add(Fields.child(at, "file"), fileNode, "the server reads no file: apply with `stackd apply -f FILE`,"
                        + " which reads the extended file on your side");
                return self;
            }
            Optional<Loaded> other = extendsFile(otherFile, file, Fields.child(at, "file"), fileNode);
            if (other.isEmpty()) return self;
            baseFile = other.get();
            if (!(baseFile.root().get("services") instanceof YNode.Mapping bs)) {
                problems.add(Fields.child(at, "file"), fileNode, otherFile + " has no services: to extend");
                return self;
            }
            baseServices = extendsServices(baseFile, bs);
        }
        if (!baseServices.containsKey(ref)) {
            problems.add(Fields.child(at, otherFile == null ? "service" : "file"), ext, "cannot extend service \"" + ref + "\": "
                    + (otherFile == null ? "no such service in this file" : "no such service in " + otherFile));
            return self;
        }
        List<Link> next = new ArrayList<>(chain);
        next.add(new Link(file.key(), name));
        Link target = new Link(baseFile.key(), ref);
        if (next.contains(target)) {
            List<String> names = new ArrayList<>();
            for (Link l : next.subList(Math.max(0, next.indexOf(target)), next.size())) names.add(l.service());
            names.add(ref);
            problems.add(at, ext, "extends cycle: " + String.join(" -> ", names));
            return self;
        }
        YNode.Mapping base = resolve(ref, baseServices, baseFile, next);
        if (base == null) return self;
        YNode.Mapping source = ComposeMerge.clear(base, file.tags(), List.of("services", name));
        YNode.Mapping merged = merge.extend(source, self);
        services.put(name, entry.withValue(merged));
        return merged;
    }

    /** The services of a file read for extends, by name, updated as their own extends are resolved. */
    private final Map<Path, Map<String, YNode.Entry>> extendsServiceMaps = new HashMap<>();

    private Map<String, YNode.Entry> extendsServices(Loaded file, YNode.Mapping services) {
        return extendsServiceMaps.computeIfAbsent(file.path(), k -> new LinkedHashMap<>(services.entries()));
    }

    /**
     * A file named by extends.file, relative to where the paths of the file naming it start; its own paths made
     * absolute against its folder, and its own extends relative to it.
     */
    private Optional<Loaded> extendsFile(String name, Loaded from, String path, YNode at) {
        Path file;
        try {
            file = from.dir().resolve(name).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            problems.add(path, at, "invalid path \"" + name + "\"");
            return Optional.empty();
        }
        Loaded cached = extendsFiles.get(file);
        if (cached != null) return Optional.of(cached);
        Optional<String> text = readFile(file, path, at);
        if (text.isEmpty()) return Optional.empty();
        // interpolated as the file naming it was (compose-go clones its options)
        Optional<YamlTree.Document> doc = YamlTree.read(text.get(), displayName(file), from.env(), problems);
        if (doc.isEmpty()) return Optional.empty();
        if (!(doc.get().root() instanceof YNode.Mapping m)) {
            problems.add(path, at, name + " is not a mapping (services:...)");
            return Optional.empty();
        }
        Loaded loaded = new Loaded(RelativePaths.absolute(m, file.getParent(), problems), doc.get().tagged(), file,
                displayName(file), file.getParent(), from.env());
        extendsFiles.put(file, loaded);
        return Optional.of(loaded);
    }
}
