package dev.stackd.api.compose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec.DeviceMapping;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.regex.Pattern;

/**
 * The service keys compose hands to the engine's create call beside resources: security_opt, pid, ipc,
 * userns_mode, group_add, cgroup_parent, links, devices, mac_address, annotations, oom_score_adj, shm_size and
 * the forms of stop_signal. links and pid/ipc "service:NAME" are dependencies too, as compose-go makes them.
 */
final class HostSettingsParser {
    private static final Pattern MAC = Pattern.compile("[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}");
    /** A CDI device name, vendor.com/class=name: compose asks the engine's "cdi" driver for it. */
    static final Pattern CDI_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9.-]*/[a-zA-Z0-9][a-zA-Z0-9_.-]*=[a-zA-Z0-9_.:-]+");
    private static final Pattern PERMISSIONS = Pattern.compile("[rwm]{1,3}");
    /** Linux's signal names as the engine's signal.ParseSignal knows them (without "SIG"). */
    private static final Set<String> SIGNALS = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL",
            "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM",
            "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ", "RTMIN", "RTMAX");
    private static final Pattern REALTIME = Pattern.compile("RTMIN\\+([1-9]|1[0-5])|RTMAX-([1-9]|1[0-4])");
    private static final Ranges.Range SIGNAL_NUMBER = new Ranges.Range(1, 64);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Fields f;
    private final StackContext stack;
    /** Services this one needs started first: links, pid and ipc "service:NAME". */
    private final Set<String> implied = new LinkedHashSet<>();

    HostSettingsParser(Fields f, StackContext stack) {
        this.f = f;
        this.stack = stack;
    }

    /** The services links and namespace sharing made dependencies of, in the order met. */
    Set<String> impliedDependencies() {
        return implied;
    }

    /** security_opt as the engine takes it: "key=value", "key:value" or "no-new-privileges"; a seccomp file inlined. */
    List<String> securityOpt(YNode.Mapping m, String path) {
        String at = Fields.child(path, "security_opt");
        List<String> items = f.list(m.get("security_opt"), at);
        if (items == null) return List.of();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String opt = items.get(i);
            String iAt = Fields.index(at, i);
            YNode node = ((YNode.Sequence) m.get("security_opt")).items().get(i);
            if (opt.equals("systempaths=unconfined")) {
                f.error(iAt, node, "\"systempaths=unconfined\" is not supported by stackd: unmasking /proc and /sys is not implemented");
                continue;
            }
            int eq = opt.indexOf('=');
            int colon = opt.indexOf(':');
            int cut = eq >= 0 ? eq : colon;
            if (cut < 0 && !opt.equals("no-new-privileges")) {
                f.error(iAt, node, "invalid security_opt " + Fields.quote(opt) + ": expected KEY=VALUE (label, apparmor, seccomp) or no-new-privileges");
                continue;
            }
            if (cut > 0 && opt.substring(0, cut).equals("seccomp")) {
                String profile = seccomp(opt.substring(cut + 1), node, iAt);
                if (profile != null) out.add("seccomp=" + profile);
                continue;
            }
            out.add(opt);
        }
        return out;
    }

    /**
     * A seccomp profile as the engine takes it: "unconfined", "builtin", or the profile's JSON, which compose reads
     * from the named file on the caller's side. The server reads no file: a remote document must carry the JSON.
     */
    private String seccomp(String value, YNode node, String path) {
        if (value.equals("unconfined") || value.equals("builtin")) return value;
        if (value.startsWith("{")) return compactJson(value, "the seccomp profile", node, path);
        if (!stack.host.isLocal()) {
            f.error(path, node, "a seccomp profile file is read on the client's side, not by the server: `stackd apply -f FILE`"
                    + " reads it and sends its content; over the HTTP API, give the profile's JSON as seccomp={...}");
            return null;
        }
        Path file = stack.resolve(value, f, path, node);
        if (file == null) return null;
        try {
            Optional<String> text = stack.host.read(file);
            if (text.isEmpty()) {
                f.error(path, node, "seccomp profile " + file + " does not exist");
                return null;
            }
            return compactJson(text.get(), "seccomp profile " + file, node, path);
        } catch (IOException e) {
            f.error(path, node, "cannot read seccomp profile " + file + ": " + e.getMessage());
            return null;
        }
    }

    private String compactJson(String text, String what, YNode node, String path) {
        try {
            return JSON.readTree(text).toString();
        } catch (JsonProcessingException e) {
            f.error(path, node, what + " is not valid JSON: " + e.getOriginalMessage());
            return null;
        }
    }

    /** pid: host, container:NAME or service:NAME (the engine's PidMode). */
    String pid(YNode.Mapping m, String path) {
        return namespace(m, "pid", path, Set.of("host"));
    }

    /** ipc: none, private, shareable, host, container:NAME or service:NAME (the engine's IpcMode). */
    String ipc(YNode.Mapping m, String path) {
        return namespace(m, "ipc", path, Set.of("none", "private", "shareable", "host"));
    }

    private String namespace(YNode.Mapping m, String key, String path, Set<String> modes) {
        String mode = f.string(m, key, path);
        if (mode == null) return null;
        String at = Fields.child(path, key);
        if (mode.startsWith("service:")) {
            String other = mode.substring("service:".length());
            if (!stack.services.contains(other)) f.error(at, m.get(key), key + " refers to unknown service \"" + other + "\"");
            else implied.add(other);
        } else if (mode.startsWith("container:")) {
            if (mode.length() == "container:".length()) f.error(at, m.get(key), key + " \"container:\" needs a container name");
        } else if (!modes.contains(mode)) {
            f.error(at, m.get(key), "invalid " + key + " " + Fields.quote(mode) + ": expected " + String.join(", ", modes.stream().sorted().toList())
                    + ", container:NAME or service:NAME");
        }
        return mode;
    }

    /** userns_mode: only "host" (leave the engine's user namespace remapping), as the engine allows. */
    String usernsMode(YNode.Mapping m, String path) {
        String mode = f.string(m, "userns_mode", path);
        if (mode != null && !mode.equals("host")) {
            f.error(Fields.child(path, "userns_mode"), m.get("userns_mode"), "invalid userns_mode " + Fields.quote(mode) + ": expected host");
        }
        return mode;
    }

    /** links: "SERVICE" or "SERVICE:ALIAS", each service of this stack; each is also a dependency. */
    List<String> links(YNode.Mapping m, String path) {
        String at = Fields.child(path, "links");
        List<String> items = f.list(m.get("links"), at);
        if (items == null) return List.of();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String link = items.get(i);
            YNode node = ((YNode.Sequence) m.get("links")).items().get(i);
            String[] parts = link.split(":", -1);
            if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
                f.error(Fields.index(at, i), node, "invalid link " + Fields.quote(link) + ": expected SERVICE or SERVICE:ALIAS");
            } else if (!stack.services.contains(parts[0])) {
                f.error(Fields.index(at, i), node, "links refers to unknown service \"" + parts[0] + "\"");
            } else {
                implied.add(parts[0]);
                out.add(link);
            }
        }
        return out;
    }

    /** devices: "SOURCE[:TARGET[:PERMISSIONS]]" or {source, target, permissions}; target defaults to the source. */
    List<DeviceMapping> devices(YNode.Mapping m, String path) {
        String at = Fields.child(path, "devices");
        if (!m.has("devices")) return List.of();
        List<YNode> items = f.items(m.get("devices"), at);
        if (items == null) return List.of();
        List<DeviceMapping> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            YNode n = items.get(i);
            String iAt = Fields.index(at, i);
            String source;
            String target;
            String permissions;
            if (n instanceof YNode.Mapping d) {
                Keys.DEVICE.check(d, iAt, f.problems());
                source = f.string(d, "source", iAt);
                target = f.string(d, "target", iAt);
                permissions = f.string(d, "permissions", iAt);
                if (source == null) {
                    f.error(iAt, n, "a device needs a source");
                    continue;
                }
            } else {
                String s = f.string(n, iAt);
                if (s == null) continue;
                String[] parts = s.split(":", -1);
                if (parts.length > 3) {
                    f.error(iAt, n, "confusing device mapping " + Fields.quote(s) + ": use the long syntax (source, target, permissions)");
                    continue;
                }
                source = parts[0];
                target = parts.length > 1 ? parts[1] : null;
                permissions = parts.length > 2 ? parts[2] : null;
            }
            if (target == null || target.isEmpty()) target = source;
            if (permissions == null || permissions.isEmpty()) permissions = "rwm";
            boolean cdi = CDI_NAME.matcher(source).matches();
            if (!cdi && !source.startsWith("/")) {
                f.error(iAt, n, "a device source must be an absolute path on the host or a CDI name (vendor.com/class=name), got " + Fields.quote(source));
            } else if (!cdi && !target.startsWith("/")) {
                f.error(iAt, n, "a device target must be an absolute path in the container, got " + Fields.quote(target));
            } else if (!PERMISSIONS.matcher(permissions).matches()) {
                f.error(iAt, n, "invalid device permissions " + Fields.quote(permissions) + ": expected some of r, w and m");
            } else {
                out.add(new DeviceMapping(source, target, permissions));
            }
        }
        return out;
    }

    String macAddress(YNode.Mapping m, String path) {
        String mac = f.string(m, "mac_address", path);
        if (mac != null && !MAC.matcher(mac).matches()) {
            f.error(Fields.child(path, "mac_address"), m.get("mac_address"), "invalid mac_address " + Fields.quote(mac) + ": expected six hex pairs, e.g. 02:42:ac:11:00:02");
        }
        return mac;
    }

    SortedMap<String, String> annotations(YNode.Mapping m, String path) {
        return f.keyValues(m.get("annotations"), Fields.child(path, "annotations"), '=', k -> "");
    }

    Integer oomScoreAdj(YNode.Mapping m, String path) {
        Long v = f.integer(m, "oom_score_adj", path, Ranges.OOM_SCORE_ADJ);
        return v == null ? null : Math.toIntExact(v);
    }

    Long shmSize(YNode.Mapping m, String path) {
        return f.parsed(m, "shm_size", path, "shm_size", Units::bytes);
    }

    /** stop_signal as written, when the engine can read it: a name with or without SIG, any case, or 1 to 64. */
    String stopSignal(YNode.Mapping m, String path) {
        String signal = f.string(m, "stop_signal", path);
        if (signal == null) return null;
        String name = signal.toUpperCase(java.util.Locale.ROOT);
        if (name.startsWith("SIG")) name = name.substring(3);
        boolean known;
        if (Units.isInteger(signal)) {
            Long number = Units.parseLong(signal);
            known = number != null && SIGNAL_NUMBER.contains(number);
        } else {
            known = SIGNALS.contains(name) || REALTIME.matcher(name).matches();
        }
        if (!known) {
            f.error(Fields.child(path, "stop_signal"), m.get("stop_signal"), "invalid stop_signal " + Fields.quote(signal)
                    + ": expected a signal name (SIGTERM, TERM, SIGRTMIN+3...) or a number from 1 to 64");
        }
        return signal;
    }
}
