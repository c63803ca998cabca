package dev.stackd.api.compose;

import dev.stackd.api.compose.yaml.YNode;
import dev.stackd.api.model.ServiceSpec;
import dev.stackd.api.model.ServiceSpec.BuildSpec;
import dev.stackd.api.model.ServiceSpec.DependsOn;
import dev.stackd.api.model.ServiceSpec.LoggingSpec;
import dev.stackd.api.model.ServiceSpec.MountSpec;
import dev.stackd.api.model.ServiceSpec.PortSpec;
import dev.stackd.api.model.ServiceSpec.ServiceNetwork;
import dev.stackd.api.model.ServiceSpec.StackdSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One entry of services: into a normalised ServiceSpec, recording every problem on the way. */
final class ServiceParser {
    static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(?::(\\d+))?");
    private static final Pattern EXPOSE = Pattern.compile("(\\d+(?:-\\d+)?)(/(?:tcp|udp|sctp))?");
    /** One part of an every_ window; the digits are bounded so that a part is read in constant time. */
    private static final Pattern EVERY = Pattern.compile("([0-9]{1,12})([wdhms])");
    private static final Pattern REMOTE_CONTEXT = Pattern.compile("^([a-z][a-z0-9+.-]*://|git@|github\\.com/).*");

    private final Fields f;
    private final StackContext stack;
    private final PortParser ports;
    private final MountParser mounts;

    ServiceParser(Fields f, StackContext stack) {
        this.f = f;
        this.stack = stack;
        this.ports = new PortParser(f);
        this.mounts = new MountParser(f, stack);
    }

    ServiceSpec parse(YNode.Entry entry, String path) {
        String name = entry.key();
        YNode.Mapping m = f.mapping(entry.value(), path);
        if (m == null) return null;
        Keys.SERVICE.check(m, path, f.problems());
        String image = f.string(m, "image", path);
        BuildSpec build = m.has("build") ? build(m.get("build"), Fields.child(path, "build")) : null;
        if (!m.has("image") && !m.has("build")) {
            f.problems().add(path, entry.line(), entry.column(), "service \"" + name + "\" needs an image or a build");
        }
        var env = new EnvironmentParser(f, stack).parse(m, path);
        var deploy = new DeployParser(f, stack.deployDefaults).parse(m, path);
        String containerName = containerName(m, path, deploy.replicas());
        ServiceLinksParser links = new ServiceLinksParser(f, stack);
        String networkMode = links.networkMode(m, path);
        SortedMap<String, ServiceNetwork> networks = links.networks(m, path, networkMode);
        PortBudget.Service portBudget = stack.ports.forService();
        HostSettingsParser host = new HostSettingsParser(f, stack);
        List<String> serviceLinks = host.links(m, path);
        String pid = host.pid(m, path);
        String ipc = host.ipc(m, path);
        MoreHostKeysParser more = new MoreHostKeysParser(f, stack);
        List<String> volumesFrom = more.volumesFrom(m, path);
        ServiceSpec spec = new ServiceSpec(name, image, build,
                words(m, "command", path), words(m, "entrypoint", path),
                env.environment(), env.envFiles(),
                ports(m.get("ports"), Fields.child(path, "ports"), portBudget),
                expose(m, path, portBudget),
                volumes(m, path),
                networks, networkMode,
                implied(links.dependsOn(m.get("depends_on"), Fields.child(path, "depends_on")), host, more),
                m.has("healthcheck") ? new HealthcheckParser(f).parse(m.get("healthcheck"), Fields.child(path, "healthcheck")) : null,
                restart(m, path),
                new LabelFileParser(f, stack).labels(m, path),
                containerName,
                f.string(m, "hostname", path), f.string(m, "domainname", path), f.string(m, "working_dir", path),
                f.string(m, "user", path), host.stopSignal(m, path),
                f.duration(m, "stop_grace_period", path),
                deploy.replicas(), deploy.resources(),
                f.list(m.get("cap_add"), Fields.child(path, "cap_add")), f.list(m.get("cap_drop"), Fields.child(path, "cap_drop")),
                flag(m, "privileged", path), flag(m, "read_only", path), f.bool(m, "init", path),
                flag(m, "tty", path), flag(m, "stdin_open", path),
                extraHosts(m.get("extra_hosts"), Fields.child(path, "extra_hosts")),
                f.strings(m.get("dns"), Fields.child(path, "dns")),
                f.keyValues(m.get("sysctls"), Fields.child(path, "sysctls"), '=', k -> ""),
                new UlimitParser(f).parse(m.get("ulimits"), Fields.child(path, "ulimits")),
                new FileReferenceParser(f, "secret", stack.secrets, "/run/secrets/", stack.suggestions).parse(m.get("secrets"), Fields.child(path, "secrets")),
                new FileReferenceParser(f, "config", stack.configs, "/", stack.suggestions).parse(m.get("configs"), Fields.child(path, "configs")),
                f.string(m, "platform", path), f.string(m, "runtime", path),
                pullPolicy(m, path),
                logging(m.get("logging"), Fields.child(path, "logging")),
                stackdSettings(m.get("x-stackd"), Fields.child(path, "x-stackd")),
                host.securityOpt(m, path), pid, ipc, host.usernsMode(m, path),
                f.list(m.get("group_add"), Fields.child(path, "group_add")), f.string(m, "cgroup_parent", path),
                serviceLinks, host.devices(m, path), host.macAddress(m, path), host.annotations(m, path),
                host.oomScoreAdj(m, path), host.shmSize(m, path),
                more.dnsOpt(m, path), more.dnsSearch(m, path), more.uts(m, path), more.cgroup(m, path),
                more.deviceCgroupRules(m, path), more.storageOpt(m, path), more.externalLinks(m, path), volumesFrom,
                deploy.update(), deploy.rollback());
        JobParser.checkService(f, m, path, spec);
        DeployParser.checkStartFirst(f, m, path, spec);
        return spec;
    }

    /**
     * depends_on with the dependencies compose-go adds when they are not declared: for links and pid/ipc
     * "service:NAME" started first and restarted with the other (restart: true); for volumes_from started first
     * (restart: false). All required.
     */
    private static SortedMap<String, DependsOn> implied(SortedMap<String, DependsOn> declared, HostSettingsParser host,
                                                        MoreHostKeysParser more) {
        if (host.impliedDependencies().isEmpty() && more.impliedDependencies().isEmpty()) return declared;
        SortedMap<String, DependsOn> out = new java.util.TreeMap<>(declared);
        for (String service : host.impliedDependencies()) out.putIfAbsent(service, new DependsOn("service_started", true, true));
        for (String service : more.impliedDependencies()) out.putIfAbsent(service, new DependsOn("service_started", false, true));
        return out;
    }

    private boolean flag(YNode.Mapping m, String key, String path) {
        return Boolean.TRUE.equals(f.bool(m, key, path));
    }

    private BuildSpec build(YNode n, String path) {
        if (n instanceof YNode.Scalar) {
            String context = f.string(n, path);
            return context == null ? null : new BuildSpec(context(context, n, path), null, null, null);
        }
        YNode.Mapping m = f.mapping(n, path);
        if (m == null) return null;
        Keys.BUILD.check(m, path, f.problems());
        String context = f.string(m, "context", path);
        YNode at = m.has("context") ? m.get("context") : m;
        return new BuildSpec(context(context == null ? "." : context, at, Fields.child(path, "context")),
                f.string(m, "dockerfile", path),
                f.keyValues(m.get("args"), Fields.child(path, "args"), '=', stack.env::lookup),
                f.string(m, "target", path));
    }

    private String context(String context, YNode at, String path) {
        if (REMOTE_CONTEXT.matcher(context).matches()) return context;
        Path resolved = stack.resolve(context, f, path, at);
        if (resolved == null) return null;
        if (!stack.host.directoryMayExist(resolved)) f.error(path, at, "build context " + resolved + " does not exist or is not a directory");
        return resolved.toString();
    }

    private List<String> words(YNode.Mapping m, String key, String path) {
        YNode n = m.get(key);
        String at = Fields.child(path, key);
        if (n == null || (n instanceof YNode.Scalar s && s.isNull())) return null;
        if (n instanceof YNode.Scalar s) {
            try {
                return ShellWords.split(s.text());
            } catch (ShellWords.UnbalancedQuoteException e) {
                f.error(at, n, e.getMessage());
                return null;
            }
        }
        return f.list(n, at);
    }

    private List<PortSpec> ports(YNode n, String path, PortBudget.Service budget) {
        if (n == null) return List.of();
        List<YNode> items = f.items(n, path);
        if (items == null) return List.of();
        List<PortSpec> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String at = Fields.index(path, i);
            for (PortSpec p : ports.parse(items.get(i), at, budget)) {
                // a dynamic range claims no port: the engine picks a free one of it when the container starts
                if (p.published() != null && p.publishedEnd() == null) stack.claimHostPort(p.hostIp(), p.published(), p.protocol(), at, items.get(i), f.problems());
                out.add(p);
            }
        }
        return out;
    }

    /** Each "port[-port][/protocol]"; a range becomes one entry per port, as the engine takes them. */
    private List<String> expose(YNode.Mapping m, String path, PortBudget.Service budget) {
        String at = Fields.child(path, "expose");
        List<String> items = f.list(m.get("expose"), at);
        if (items == null) return List.of();
        YNode.Sequence seq = m.get("expose") instanceof YNode.Sequence s ? s : null;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            YNode node = seq == null ? null : seq.items().get(i);
            Matcher e = EXPOSE.matcher(item);
            if (!e.matches()) {
                f.error(Fields.index(at, i), node, "invalid exposed port " + Fields.quote(item) + ": expected port[-port][/protocol]");
                continue;
            }
            try {
                int[] range = PortParser.range(e.group(1), "port");
                budget.take(range[1] - range[0] + 1L);
                if (range[0] == range[1]) {
                    out.add(item);
                } else {
                    String protocol = e.group(2) == null ? "" : e.group(2);
                    for (int p = range[0]; p <= range[1]; p++) out.add(p + protocol);
                }
            } catch (IllegalArgumentException ex) {
                f.error(Fields.index(at, i), node, "invalid exposed port " + Fields.quote(item) + ": " + ex.getMessage());
            }
        }
        return out;
    }

    private List<MountSpec> volumes(YNode.Mapping m, String path) {
        List<MountSpec> out = new ArrayList<>();
        String at = Fields.child(path, "volumes");
        List<YNode> items = m.has("volumes") ? f.items(m.get("volumes"), at) : List.of();
        Map<String, String> targets = new HashMap<>();
        if (items != null) {
            for (int i = 0; i < items.size(); i++) {
                MountSpec spec = mounts.parse(items.get(i), Fields.index(at, i));
                if (spec != null && uniqueTarget(spec.target(), Fields.index(at, i), items.get(i), targets)) out.add(spec);
            }
        }
        List<String> tmpfs = f.strings(m.get("tmpfs"), Fields.child(path, "tmpfs"));
        if (tmpfs != null) {
            for (int i = 0; i < tmpfs.size(); i++) {
                String where = m.get("tmpfs") instanceof YNode.Sequence ? Fields.index(Fields.child(path, "tmpfs"), i) : Fields.child(path, "tmpfs");
                MountSpec spec = TmpfsShort.parse(tmpfs.get(i), where, m.get("tmpfs"), f);
                if (spec != null && uniqueTarget(spec.target(), where, m.get("tmpfs"), targets)) out.add(spec);
            }
        }
        return out;
    }

    /** The engine refuses two mounts on one target ("Duplicate mount point"): an error at the second. */
    private boolean uniqueTarget(String target, String path, YNode at, Map<String, String> targets) {
        String clean = target.length() > 1 && target.endsWith("/") ? target.replaceAll("/+$", "") : target;
        String earlier = targets.putIfAbsent(clean.isEmpty() ? "/" : clean, path);
        if (earlier == null) return true;
        f.error(path, at, "mount target " + Fields.quote(target) + " is already mounted by " + earlier);
        return false;
    }

    /**
     * restart, or deploy.restart_policy as compose maps it; compose lets the second win silently, stackd refuses
     * the two when they differ (as for mem_limit and deploy.resources).
     */
    private String restart(YNode.Mapping m, String path) {
        String r = restartKey(m, path);
        String deploy = new RestartPolicyParser(f).parse(m, path);
        if (r != null && deploy != null && !r.equals(deploy)) {
            f.error(Fields.child(path, "deploy.restart_policy"), ((YNode.Mapping) m.get("deploy")).get("restart_policy"),
                    "deploy.restart_policy (" + deploy + ") differs from restart (" + r + "): set one of them");
        }
        return deploy != null ? deploy : r;
    }

    private String restartKey(YNode.Mapping m, String path) {
        String r = f.string(m, "restart", path);
        if (r == null) return null;
        Matcher policy = RESTART.matcher(r);
        if (!policy.matches()) {
            f.error(Fields.child(path, "restart"), m.get("restart"),
                    "invalid restart policy " + Fields.quote(r) + ": expected no, always, on-failure[:N] or unless-stopped");
        } else if (policy.group(1) != null) {
            Long retries = Units.parseLong(policy.group(1));
            if (retries == null || !Ranges.RETRIES.contains(retries)) {
                f.error(Fields.child(path, "restart"), m.get("restart"),
                        "invalid restart policy " + Fields.quote(r) + ": the retry count must be " + Ranges.RETRIES.describe());
            }
        }
        return r;
    }

    private String containerName(YNode.Mapping m, String path, int replicas) {
        String name = f.string(m, "container_name", path);
        if (name == null) return null;
        String at = Fields.child(path, "container_name");
        if (!CONTAINER_NAME.matcher(name).matches()) {
            f.error(at, m.get("container_name"), "invalid container name \"" + name + "\": expected [a-zA-Z0-9][a-zA-Z0-9_.-]*");
        }
        if (name.endsWith(Reserved.CONTAINER_SUFFIX)) {
            f.error(at, m.get("container_name"), "container names ending in " + Reserved.CONTAINER_SUFFIX
                    + " are stackd's temporary names (for a container being recreated): choose another name");
        }
        if (replicas > 1) f.error(at, m.get("container_name"), "container_name needs exactly one replica, the service has " + replicas);
        return name;
    }

    private List<String> extraHosts(YNode n, String path) {
        List<String> out = new ArrayList<>();
        if (n instanceof YNode.Mapping m) {
            for (YNode.Entry e : m.entries().values()) {
                String ip = f.string(e.value(), Fields.child(path, e.key()));
                if (ip != null) out.add(e.key() + ":" + ip);
            }
            return out;
        }
        List<String> items = f.list(n, path);
        if (items == null) return out;
        for (int i = 0; i < items.size(); i++) {
            String s = items.get(i);
            int at = s.indexOf('=') >= 0 ? s.indexOf('=') : s.indexOf(':');
            if (at <= 0 || at == s.length() - 1) {
                f.error(Fields.index(path, i), ((YNode.Sequence) n).items().get(i), "invalid extra host \"" + s + "\": expected host:ip or host=ip");
            } else {
                out.add(s.substring(0, at) + ":" + s.substring(at + 1));
            }
        }
        return out;
    }

    /**
     * pull_policy as compose-go reads it (types.go GetPullPolicy): always, never, missing, build; if_not_present is
     * missing; refresh alone is missing too (compose-go's default branch); daily, weekly and every_<duration> are
     * refresh windows, kept as written (the planner pulls when it creates a container; see docs/manifest.md).
     */
    private String pullPolicy(YNode.Mapping m, String path) {
        String p = f.string(m, "pull_policy", path);
        if (p == null) return null;
        String at = Fields.child(path, "pull_policy");
        return switch (p) {
            case "always", "never", "missing", "build", "daily", "weekly" -> p;
            case "if_not_present", "refresh" -> "missing";
            default -> {
                if (p.startsWith("every_")) {
                    yield refreshWindow(p, m.get("pull_policy"), at) ? p : null;
                }
                f.error(at, m.get("pull_policy"), "invalid pull_policy " + Fields.quote(p)
                        + ": expected always, never, missing, build, if_not_present, refresh, daily, weekly or every_<duration>");
                yield null;
            }
        };
    }

    /** every_<duration>: the compose schema's units (w, d, h, m, s), more than 0 and at most 3650 days. */
    private boolean refreshWindow(String p, YNode at, String path) {
        Matcher w = EVERY.matcher(p.substring("every_".length()));
        java.math.BigInteger seconds = java.math.BigInteger.ZERO;
        int parts = 0;
        while (w.find() && w.start() == parts) {
            long unit = switch (w.group(2)) {
                case "w" -> 7 * 86400L;
                case "d" -> 86400L;
                case "h" -> 3600L;
                case "m" -> 60L;
                default -> 1L;
            };
            seconds = seconds.add(new java.math.BigInteger(w.group(1)).multiply(java.math.BigInteger.valueOf(unit)));
            parts = w.end();
        }
        String window = p.substring("every_".length());
        if (parts == 0 || parts != window.length()) {
            f.error(path, at, "invalid pull_policy " + Fields.quote(p) + ": every_ takes a duration of w, d, h, m and s, e.g. every_12h or every_1d12h");
            return false;
        }
        if (seconds.signum() == 0 || seconds.compareTo(java.math.BigInteger.valueOf(Ranges.MAX_DURATION.toSeconds())) > 0) {
            f.error(path, at, "invalid pull_policy " + Fields.quote(p) + ": the refresh window must be more than 0 and at most "
                    + Ranges.MAX_DURATION.toDays() + " days");
            return false;
        }
        return true;
    }

    private LoggingSpec logging(YNode n, String path) {
        if (n == null) return null;
        YNode.Mapping m = f.mapping(n, path);
        if (m == null) return null;
        Keys.LOGGING.check(m, path, f.problems());
        return new LoggingSpec(f.string(m, "driver", path), f.keyValues(m.get("options"), Fields.child(path, "options"), '=', k -> ""));
    }

    private StackdSettings stackdSettings(YNode n, String path) {
        if (n == null) return StackdSettings.DEFAULTS;
        YNode.Mapping m = f.mapping(n, path);
        if (m == null) return StackdSettings.DEFAULTS;
        Keys.STACKD.check(m, path, f.problems());
        StackdSettings d = StackdSettings.DEFAULTS;
        Boolean restartUnhealthy = f.bool(m, "restart-unhealthy", path);
        Duration initial = f.duration(m, "backoff-initial", path);
        Duration max = f.duration(m, "backoff-max", path);
        Duration reset = f.duration(m, "backoff-reset", path);
        var settings = new StackdSettings(restartUnhealthy == null ? d.restartUnhealthy() : restartUnhealthy,
                initial == null ? d.backoffInitial() : initial, max == null ? d.backoffMax() : max, reset == null ? d.backoffReset() : reset,
                new JobParser(f).parse(m, path));
        if (settings.backoffMax().compareTo(settings.backoffInitial()) < 0) {
            f.error(Fields.child(path, "backoff-max"), m.has("backoff-max") ? m.get("backoff-max") : m,
                    "backoff-max (" + settings.backoffMax() + ") is shorter than backoff-initial (" + settings.backoffInitial() + ")");
        }
        return settings;
    }
}
