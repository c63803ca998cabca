"""Writes docs/benchmarks.md and docs/benchmarks-converge.svg from a results.json of bench/lib/bench.py.
Every number comes from the results file; targets are judged here, from those numbers, never set by hand.
Hand-written analysis lives in bench/NOTES.md and is copied in under 'Analysis'."""
import json
import os
import sys

from report_rollout import rollouts

SYSTEMS = ["engine", "stackd", "compose", "swarm"]
SYS_LABEL = {"engine": "engine limit (API, 8 parallel)", "stackd": "stackd", "compose": "docker-compose up -d",
             "swarm": "docker stack deploy (Swarm)"}
COLORS = {"engine": "#555555", "stackd": "#1f77b4", "compose": "#d62728", "swarm": "#2ca02c"}
FAULT_LABEL = {"kill": "process killed (kill -9)", "killno": "process killed, service restart: \"no\"",
               "remove": "container removed", "stop": "stopped by hand (docker stop)",
               "disconnect": "network disconnected", "netrm": "network removed",
               "unhealthy": "healthcheck unhealthy"}


def ms(x):
    return "–" if x is None else f"{x * 1000:.0f} ms"


def sec(x):
    return "–" if x is None else f"{x:.2f} s"


def mmm(s, f=sec):
    if not s or not s.get("n"):
        return "not measured" if not s else f"failed ({s.get('failed', 0)}×)"
    out = f"{f(s['median'])} ({f(s['min'])}–{f(s['max'])}, n={s['n']})"
    if s.get("failed"):
        out += f", {s['failed']} failed"
    return out


def verdict(ok):
    return "**met**" if ok else "**missed**"


def svg_chart(conv, sizes):
    """A line chart: converge time (median, min-max bars) against N, one line per system."""
    W, H, L, R, T, B = 640, 380, 70, 200, 30, 50
    pts = {}
    ymax = 0.0
    for s in SYSTEMS:
        for n in sizes:
            r = conv.get(s, {}).get(str(n), {}).get("summary")
            if r and r.get("n"):
                pts.setdefault(s, []).append((n, r["median"], r["min"], r["max"]))
                ymax = max(ymax, r["max"])
    if not pts:
        return None
    ymax = ymax * 1.1 or 1
    xmin, xmax = 0, max(sizes) * 1.05

    def X(n):
        return L + (W - L - R) * (n - xmin) / (xmax - xmin)

    def Y(v):
        return H - B - (H - T - B) * v / ymax
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
         'font-family="sans-serif" font-size="12">',
         f'<rect width="{W}" height="{H}" fill="white"/>',
         f'<text x="{L}" y="18" font-size="14">Cold converge: N services from nothing to all running '
         '(median, min–max)</text>']
    step = nice_step(ymax)
    v = 0.0
    while v <= ymax + 1e-9:
        o.append(f'<line x1="{L}" y1="{Y(v):.1f}" x2="{W - R}" y2="{Y(v):.1f}" stroke="#e0e0e0"/>')
        o.append(f'<text x="{L - 6}" y="{Y(v) + 4:.1f}" text-anchor="end">{v:g} s</text>')
        v += step
    o.append(f'<line x1="{L}" y1="{H - B}" x2="{W - R}" y2="{H - B}" stroke="black"/>')
    o.append(f'<line x1="{L}" y1="{T}" x2="{L}" y2="{H - B}" stroke="black"/>')
    for n in sizes:
        o.append(f'<text x="{X(n):.1f}" y="{H - B + 16}" text-anchor="middle">{n}</text>')
    o.append(f'<text x="{(L + W - R) / 2:.1f}" y="{H - 12}" text-anchor="middle">services (N)</text>')
    ly = T + 10
    for s in SYSTEMS:
        if s not in pts:
            continue
        c = COLORS[s]
        p = sorted(pts[s])
        path = " ".join(f"{'M' if i == 0 else 'L'}{X(n):.1f},{Y(m):.1f}" for i, (n, m, _, _) in enumerate(p))
        o.append(f'<path d="{path}" fill="none" stroke="{c}" stroke-width="2"/>')
        for n, m, lo, hi in p:
            o.append(f'<line x1="{X(n):.1f}" y1="{Y(lo):.1f}" x2="{X(n):.1f}" y2="{Y(hi):.1f}" stroke="{c}"/>')
            o.append(f'<circle cx="{X(n):.1f}" cy="{Y(m):.1f}" r="3.5" fill="{c}"/>')
        o.append(f'<line x1="{W - R + 12}" y1="{ly}" x2="{W - R + 32}" y2="{ly}" stroke="{c}" stroke-width="2"/>')
        o.append(f'<text x="{W - R + 38}" y="{ly + 4}">{SYS_LABEL[s]}</text>')
        ly += 20
    o.append("</svg>")
    return "\n".join(o) + "\n"


def nice_step(ymax):
    for s in (0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 30, 60, 120):
        if ymax / s <= 8:
            return s
    return 300


def merge(paths):
    """Several runs -> one view: each phase comes from the last run that measured it."""
    runs = []
    for p in paths:
        with open(p) as f:
            x = json.load(f)
        runs += x if isinstance(x, list) else [x]  # benchmarks-results.json holds a list of runs
    r = dict(runs[0])
    r["phases"] = {}
    r["quick"] = all(x.get("quick") for x in runs)
    r["notes"] = []
    r["runs"] = []
    for i, x in enumerate(runs, 1):
        for k, v in x.get("phases", {}).items():
            if k in r["phases"] and isinstance(v, dict) and k in ("converge", "repair"):
                r["phases"][k].update(v)
            else:
                r["phases"][k] = v
        r["notes"] += [f"run {i}: {n}" for n in x.get("notes", [])]
        r["runs"].append({"started": x.get("started"), "finished": x.get("finished", "interrupted"),
                          "repeats": x.get("repeats"), "quick": x.get("quick"),
                          "phases": sorted(x.get("phases", {}).keys()),
                          "load": f"{x.get('machine', {}).get('load_at_start')} → "
                                  f"{x.get('machine', {}).get('load_at_end', '?')}"})
        r["stackd_available"] = r.get("stackd_available", True) and x.get("stackd_available", True)
    return r, runs


def mib(kib):
    return "–" if kib is None else f"{kib / 1024:.1f} MiB"


NMT_ROWS = ["Java Heap", "Class", "Metaspace", "Shared class space", "Code", "Symbol", "Thread", "GC", "Internal",
            "Native Memory Tracking", "Other"]


def scale(r, w):
    """The section 'Scale and memory' from `bench/run --scale` (docs/benchmarks-scale-results.json)."""
    st = r.get("phases", {}).get("steady")
    w("## 4b. Scale and memory\n")
    if not st:
        w("not measured\n")
        return
    m = r.get("machine", {})
    w(f"From `bench/run --scale` ({r.get('started')} → {r.get('finished', 'interrupted')}, load average "
      f"{m.get('load_at_start')} → {m.get('load_at_end', '?')}), the steady state as in section 4, against a "
      f"private dockerd {st.get('docker', '')} that the run starts (`bench/lib/dockerd.py`: its own socket and data "
      f"root, `--default-address-pool {st.get('pool')}`, no iptables), because each stack has its own network and "
      f"the host engine's default pools hold about 30. The JVM runs with the launcher's flags plus native memory "
      f"tracking: `{st.get('java_opts')}`. At the end of each window: `jcmd VM.native_memory summary` and "
      f"`jcmd GC.class_histogram` (raw outputs in `bench/out/<time>/`); GCs counted with `jstat -gc` over the "
      f"window.\n")
    w("| containers (stacks × services) | window | CPU, % of one core | RSS max | resyncs | list calls per resync "
      "| engine calls per resync | resync time (first→last call) | GCs in the window (young/full) | engine writes |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    rows = [(n, x, "") for n, x in st.get("sizes", {}).items()]
    cmp_ = st.get("jvm_compare")
    if cmp_:
        n = str(cmp_["containers"])
        rows += [(n, dict(cmp_[v], stacks=st["sizes"].get(n, {}).get("stacks"),
                          per_stack=st["sizes"].get(n, {}).get("per_stack")), f", fresh JVM, {lab}") for v, lab in
                 (("before", "flags before the heap sizing"), ("daemon", "today's flags")) if v in cmp_]
    for n, x, lab in rows:
        gc = x.get("gc", {})
        gcs = f"{gc.get('YGC', 0):.0f} / {gc.get('FGC', 0):.0f}" if gc else "–"
        stacks = f"{x['stacks']} × {x['per_stack']}" if x.get("stacks") else ""
        w(f"| {n} ({stacks}{lab}) | {x['window_s']:.0f} s | {x['cpu_pct_of_core']:.2f} % | {x['rss_max_mib']:.0f} MiB "
          f"| {x['resyncs']} | {mmm(x['lists_per_resync'], lambda v: f'{v:.0f}')} | "
          f"{mmm(x['calls_per_resync'], lambda v: f'{v:.0f}')} | {mmm(x['resync_span_s'], ms)} | {gcs} | "
          f"{x['writes']} |")
    for lay in st.get("layouts", []):
        stacks, per = (int(v) for v in lay.split("x"))
        if str(stacks * per) not in st.get("sizes", {}):
            w(f"| {stacks * per} ({stacks} × {per}) | not reached in this run | | | | | | | | |")
    if not r.get("finished"):
        w("| | the run was interrupted after the rows above | | | | | | | | |")
    w("")
    r500 = st.get("sizes", {}).get("500")
    if r500:
        line = (f"Target: RSS under 160 MiB at 500 containers: the JVM that applied them {r500['rss_max_mib']:.0f} MiB "
                f"→ {verdict(r500['rss_max_mib'] < 160)}")
        fresh = (cmp_ or {}).get("daemon") if str((cmp_ or {}).get("containers")) == "500" else None
        if fresh:
            line += (f"; a fresh JVM with today's flags {fresh['rss_max_mib']:.0f} MiB → "
                     f"{verdict(fresh['rss_max_mib'] < 160)}")
        w(line + ".\n")
    cols = [(n, x) for n, x, _ in rows if x.get("nmt")]
    if cols:
        w("Where the memory goes: NMT, committed, at the end of each window (RSS counts only the pages touched; "
          "the shared class space is the class-data archive, mapped from a file):\n")
        w("| NMT category | " + " | ".join(f"{n}{lab}" for n, x, lab in rows if x.get("nmt")) + " |")
        w("| --- |" + " --- |" * len(cols))
        for cat in NMT_ROWS + ["Total"]:
            vals = [(x["nmt"]["total_committed_kib"] if cat == "Total" else x["nmt"]["committed_kib"].get(cat))
                    for _, x in cols]
            if any(v is not None for v in vals):
                w(f"| {cat} | " + " | ".join(mib(v) for v in vals) + " |")
        w("")
    hist = [(n, x) for n, x in st.get("sizes", {}).items() if x.get("histogram", {}).get("top")]
    for n, x in hist:
        h = x["histogram"]
        w(f"Heap histogram at {n} containers (`GC.class_histogram` runs a full GC first: the live set), "
          f"{h['total_bytes'] / 2**20:.1f} MiB in {h['total_instances']} objects; the top 15 "
          f"(`jdk.internal.vm.FillerElement` arrays are the collector's filler of unused heap, not objects):\n")
        w("| class | instances | bytes |\n| --- | --- | --- |")
        for row in h["top"]:
            w(f"| `{row['class']}` | {row['instances']} | {row['bytes'] / 2**20:.2f} MiB |")
        w("")


JOB_SCENARIO = {"quiet": "the job's stack alone",
                "busy": "beside 20 stacks of 3 services, one re-applied (3 containers recreated) every second"}


def jobs(r, w):
    """Section 6, from docs/benchmarks-jobs-results.json (bench/jobs)."""
    m = r.get("machine", {})
    w("## 6. Scheduled jobs\n")
    w(f"Written by `bench/jobs` ({r.get('started', '?')}). A job `{r.get('schedule')}` (`command: [true]`, every run "
      f"kept) on a private stackd against the host's engine; for each of its first {r.get('runs')} scheduled runs, "
      "the lateness is the run container's `State.StartedAt` minus its fire time (the label `dev.stackd.job-run`), "
      "read from the containers after the runs. *Woken* is the fire time to the reconcile that created the run "
      "(its observation time, the label `dev.stackd.job-created`); *create to start* is the rest: the engine's "
      "create, network and start calls.\n")
    w("| scenario | runs | lateness median | p90 | max | woken (median, max) | create to start (median, max) | "
      "fire times skipped or missed |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for key, x in r.get("scenarios", {}).items():
        lt, wk, cs = x.get("lateness", {}), x.get("woken", {}), x.get("create_to_start", {})
        runs = str(x.get("runs"))
        if x.get("runs_asked") and x.get("runs", 0) < x["runs_asked"]:
            runs += f" of {x['runs_asked']} (the {x.get('took_s', 0):.0f} s limit)"
        w(f"| {JOB_SCENARIO.get(key, key)} | {runs} | {ms(lt.get('median'))} | {ms(lt.get('p90'))} | "
          f"{ms(lt.get('max'))} | {ms(wk.get('median'))}, {ms(wk.get('max'))} | {ms(cs.get('median'))}, "
          f"{ms(cs.get('max'))} | {x.get('skipped', 0)} skipped, {x.get('missed_fire_times', 0)} missed |")
    busy = r.get("scenarios", {}).get("busy", {}).get("background")
    if busy:
        w(f"\nBackground of the second scenario: {busy['containers']} containers in {busy['stacks']} stacks, "
          f"{busy['re_applies']} re-applies during the runs ({busy['apply_errors']} failed).")
    w(f"\nMachine: {m.get('nproc', '?')} cores ({(m.get('cpu') or '?').strip()}), {m.get('memory', '?')} memory, "
      f"{m.get('os', '?')}, kernel {m.get('kernel', '?')}, Docker {m.get('docker', '?')}, {m.get('java', '?')}. "
      f"**Shared**: the run was niced (`nice -n 19`) beside other work on the same 2 cores: load average "
      f"{m.get('loadavg', '?')} at the start and {m.get('loadavg_at_end', '?')} at the end; "
      f"{m.get('other_containers_running', '?')} other containers running, "
      f"{m.get('other_dockerds', '?')} other dockerd, {m.get('other_java_processes', '?')} other JVMs at the start. "
      "The figures are what a loaded host gives, not the best this code does.\n")


def dashboard(r, w):
    """Section 7, from docs/benchmarks-dashboard-results.json (bench/dashboard: DashboardScaleIT)."""
    fl, ov, api = r.get("firstLoad", {}), r.get("overviewMs", {}), r.get("overviewApi", {})
    dom, after = r.get("overviewDomAt1000", {}), r.get("overviewDomAfterLive", {})
    w("## 7. Dashboard\n")
    w(f"Written by `bench/dashboard` ({r.get('started', '?')}): `DashboardScaleIT` opens the dashboard in headless "
      f"Chromium {r.get('browser', '?')} against a real stackd server (HTTP, store, controller, event watch) holding "
      f"{r.get('stacks')} stacks of 3 containers (the test's recording engine: the browser's work is measured, not "
      f"the engine's) and {r.get('events')} events besides the controller's own; "
      f"{r.get('quietStacks')} stacks have none of theirs among the newest {r.get('feed')}. Times from the page's "
      "own clock (resource timing, `performance.now()` marks set by a `MutationObserver` installed before any "
      "script, `longtask` entries, `requestAnimationFrame` gaps).\n")
    w("| measure | value |\n| --- | --- |")
    w(f"| first load (sign-in page: {fl.get('files')} files, nothing cached) | {fl.get('transferBytes'):,} bytes "
      f"transferred, {fl.get('bodyBytes'):,} bytes of content (budget 300 KB) |")
    w(f"| overview, from navigation start: {r.get('stacks')} rows / {r.get('feed')} feed rows / every stack's last "
      f"event | {ov.get('stacks')} ms / {ov.get('feed')} ms / {ov.get('lastEvents')} ms |")
    w(f"| overview's API reads | {api.get('requests')} requests, {api.get('transferBytes'):,} bytes transferred "
      f"({api.get('bodyBytes'):,} of JSON) |")
    w(f"| long tasks while the overview loaded | {ov.get('longTasks')}, the longest {ov.get('longTaskMsMax')} ms |")
    w(f"| DOM at {r.get('feed')} events: whole page / feed rows / feed nodes | {dom.get('nodes')} / "
      f"{dom.get('feedRows')} / {dom.get('feedNodes')} |")
    w(f"| the same after {r.get('live')} more (windowed) | {after.get('nodes')} / {after.get('feedRows')} / "
      f"{after.get('feedNodes')} |")
    for key, label in (("overviewLive", f"overview: {r.get('live')} live events over {r.get('stacks')} stacks"),
                       ("stackLive", f"a stack's page: {r.get('live')} live events of that stack")):
        x = r.get(key, {})
        w(f"| {label}: recorded in / first shown / last shown, after the first was recorded | "
          f"{x.get('recordMs')} ms / {x.get('firstShownAfterFirstSentMs')} ms / {x.get('lastShownAfterFirstSentMs')} ms |")
        w(f"| {label}: long tasks (longest, total) / frames over 50 ms of {x.get('frames')} (longest) / API reads "
          f"it caused | {x.get('longTasks')} ({x.get('longTaskMsMax')} ms, {x.get('longTaskMsSum')} ms) / "
          f"{x.get('framesOver50ms')} ({x.get('frameMsMax')} ms) / {x.get('apiRequests')} |")
    w(f"| a stack's page shown (hash change to Ready, plan and events) | {r.get('stackPageMs')} ms |")
    m = r.get("machine", {})
    w(f"\nMachine: {m.get('nproc', '?')} cores, load average {m.get('loadAtStart', '?')} at the start and "
      f"{m.get('loadAtEnd', '?')} at the end.\n")


def main(paths, docs):
    r, runs = merge(paths)
    P = r.get("phases", {})
    m = r.get("machine", {})
    out = []
    w = out.append
    w("# stackd benchmarks\n")
    w("Written by `bench/run`; the raw results (one object per run) are in `benchmarks-results.json` beside this page. "
      "Do not edit by hand: the analysis comes from `bench/NOTES.md`.\n")
    if r.get("quick"):
        w("> **This is a `--quick` run (N=10 only, 3 repeats): for development, not a report.**\n")
    w("Every figure is the median of the run's repeats with min–max, measured in the same run as its "
      "comparison, on this engine, with the same image (`stackd-bench/busybox:1`, FROM scratch with Debian's "
      "static busybox).\n")
    if len(r["runs"]) > 1 or r["runs"][0]["finished"] == "interrupted":
        w("Each phase below comes from the last run in this table that measured it:\n")
        w("| run | started | finished | repeats | phases | load average at start → end |\n"
          "| --- | --- | --- | --- | --- | --- |")
        for i, x in enumerate(r["runs"], 1):
            q = " (`--quick`)" if x.get("quick") else ""
            w(f"| {i} | {x['started']} | {x['finished']} | {x.get('repeats')}{q} | {', '.join(x['phases'])} | "
              f"{x['load']} |")
        w("")
    w("## Machine\n")
    w("| | |\n| --- | --- |")
    for k in ("nproc", "cpu", "memory", "kernel", "os", "docker", "docker_compose", "java", "python",
              "load_at_start", "load_at_end", "other_containers_at_start"):
        if k in m:
            w(f"| {k} | {str(m[k]).strip()} |")
    w("")
    w("`load_at_start`/`load_at_end` are the 1/5/15-minute load averages: they show whether anything else ran "
      "on the machine's 2 cores meanwhile. Compare systems within this run (ratios), not with other machines.\n")

    if not r.get("stackd_available", True):
        w("> **stackd was not measured in this run**: the checkout had no `stackd serve` (daemon + HTTP API). "
          "Every stackd cell says *not measured*.\n")

    # ---- converge
    conv = P.get("converge", {})
    sizes = r.get("sizes", [])
    w("## 1. Cold converge\n")
    w("A stack of N `sleep` services on one user network, every third service `depends_on` the one before it, "
      "from nothing to all N containers running, seen through the engine: from the command to the engine's "
      "`start` event of the N-th container (the engine's own timestamps, read from its event stream; nothing "
      "polls the engine meanwhile), then one list confirms that all N are running. Systems are interleaved "
      "repeat by repeat; teardown is not timed.\n")
    w("| N | system | converge | command returned | vs engine limit |")
    w("| --- | --- | --- | --- | --- |")
    for n in sizes:
        eng = conv.get("engine", {}).get(str(n), {}).get("summary", {})
        for s in SYSTEMS:
            c = conv.get(s, {}).get(str(n))
            if not c:
                w(f"| {n} | {SYS_LABEL[s]} | not measured | | |")
                continue
            sm = c.get("summary", {})
            ratio = (f"{sm['median'] / eng['median']:.2f}×" if sm.get("n") and eng.get("n") else "–")
            w(f"| {n} | {SYS_LABEL[s]} | {mmm(sm)} | {mmm(c.get('command_summary'))} | {ratio} |")
    w("")
    if os.path.exists(os.path.join(docs, "benchmarks-converge.svg")) or conv:
        w("![converge time against N](benchmarks-converge.svg)\n")
    w("Targets:")
    for n in sizes:
        g = lambda s: conv.get(s, {}).get(str(n), {}).get("summary", {})  # noqa: E731
        sd, eng, co = g("stackd"), g("engine"), g("compose")
        if sd.get("n") and eng.get("n"):
            x = sd["median"] / eng["median"]
            w(f"- N={n}: stackd within 1.15× of the engine's limit: {x:.2f}× → {verdict(x <= 1.15)}")
        else:
            w(f"- N={n}: stackd within 1.15× of the engine's limit: not measured")
        if sd.get("n") and co.get("n"):
            x = co["median"] / sd["median"]
            w(f"- N={n}: stackd ≥ 1.5× faster than docker-compose: {x:.2f}× → {verdict(x >= 1.5)}")
        else:
            w(f"- N={n}: stackd ≥ 1.5× faster than docker-compose: not measured")
    w("")

    # ---- no-op
    w("## 2. No-op apply (unchanged 50-service stack)\n")
    no = P.get("noop")
    if no:
        w("| | |\n| --- | --- |")
        w(f"| PUT answered | {mmm(no['api'], ms)} |")
        w(f"| reconciled (stackd_reconciles_seconds_count moved) | {mmm(no['verified'], ms)} |")
        w(f"| engine write events in the window (create/start/stop/die/destroy/connect/...) | "
          f"{', '.join(str(x) for x in no['writes'])} |")
        w(f"| HTTP status of the PUTs | {', '.join(str(x) for x in no['status'])} |")
        w(f"| `changed` in the answers | {', '.join(str(x) for x in no.get('changed', []))} |")
        w("")
        ok = no["api"].get("n") and no["api"]["median"] < 0.1
        w(f"Target < 100 ms at the API: {verdict(bool(ok))}; zero engine writes: "
          f"{verdict(all(x == 0 for x in no['writes']))}\n")
    else:
        w("not measured\n")

    # ---- repair
    w("## 3. Time to repair\n")
    w("From the fault, as the engine recorded it, to the engine event that completes the repair, both read "
      "from the engine's event stream (its own timestamps; nothing polls the engine while it repairs). The "
      "fault's event: `die` (kill, stop), `destroy` (remove), network `disconnect`, network `destroy` (network "
      "removed), `health_status: unhealthy` (healthcheck). The repair's event: a `start` of a container of the "
      "service; for the healthcheck fault, `health_status: healthy` after such a start; for the network "
      "faults, a network `connect` of a container of the service to the network of that name. A list + inspect "
      "then confirms that the repair holds. Each repeat hits a fresh service, so neither the engine's restart "
      "back-off nor stackd's crash-loop back-off carries over between repeats. All services have `restart: "
      "always` (Swarm: its default restart policy); only the healthcheck fault's services have a healthcheck "
      "(`test -f /tmp/ok` every 1 s); `killno` is the same fault on a service with `restart: \"no\"`, where the "
      "engine does nothing and stackd must act itself. A fault not repaired within the window on its first try "
      "is reported *no repair* and not repeated.\n")
    rep = P.get("repair", {})
    w("| fault | " + " | ".join(SYS_LABEL[s] if s != "engine" else "engine restart policy" for s in
                                  ("stackd", "engine", "compose", "swarm")) + " |")
    w("| --- | --- | --- | --- | --- |")
    for k in FAULT_LABEL:
        cells = []
        for s in ("stackd", "engine", "compose", "swarm"):
            x = rep.get(s, {}).get(k)
            if x is None:
                cells.append("n/a" if k == "killno" and s != "stackd" else "not measured")
            elif x.get("refused"):
                cells.append("fault refused by the engine")
            elif x.get("no_repair") and not x["summary"].get("n"):
                cells.append(f"no repair ({x['timeout']} s window)")
            else:
                cells.append(mmm(x["summary"], ms))
        w(f"| {FAULT_LABEL[k]} | " + " | ".join(cells) + " |")
    w("")
    calls = {k: x.get("from_call_summary") for k, x in rep.get("stackd", {}).items() if x.get("from_call_summary")}
    if calls:
        w("stackd, measured from the harness's fault call instead (this adds the fault's own duration, e.g. the "
          "kill and removal inside `DELETE /containers/{id}?force=1`): " +
          "; ".join(f"{FAULT_LABEL[k]} {mmm(v, ms)}" for k, v in calls.items() if k in FAULT_LABEL) + ".\n")
    base = P.get("repair_baseline", {})
    idle = P.get("repair_baseline_idle", {})
    if base:
        where = (f"measured by the harness right before stackd's faults, on the repair stack's network "
                 f"(`{base['network']}`) beside its running containers, the same conditions as the repairs"
                 if base.get("network", "sbb_net") != "sbb_net" else "measured on an idle engine")
        w("Bare engine operations (the least a repair needs), from the call to the engine's event, "
          f"{where}: start a stopped container {mmm(base.get('start'), ms)}; create+start "
          f"{mmm(base.get('create_start'), ms)}; connect to a network {mmm(base.get('connect'), ms)}.")
        if idle:
            w(f"The same on an idle engine (its own network, nothing else running), at the start of the phase: "
              f"start {mmm(idle.get('start'), ms)}; create+start {mmm(idle.get('create_start'), ms)}; connect "
              f"{mmm(idle.get('connect'), ms)}.")
        w("")
        w("Target: stackd's overhead over the bare operation < 200 ms at the median:")
        for k, b in (("killno", "start"), ("kill", "start"), ("remove", "create_start"),
                     ("disconnect", "connect")):
            x = rep.get("stackd", {}).get(k, {}).get("summary", {})
            bb = base.get(b, {})
            if x.get("n") and bb.get("n"):
                d = x["median"] - bb["median"]
                w(f"- {FAULT_LABEL[k]}: {ms(x['median'])} − {b.replace('_', '+')} {ms(bb['median'])} = {ms(d)} → "
                  f"{verdict(d < 0.2)}")
            else:
                w(f"- {FAULT_LABEL[k]}: not measured")
        w("")

    # ---- steady
    w("## 4. Steady state\n")
    st = P.get("steady")
    if st:
        w("stackd runs with `DOCKER_HOST` pointing at a counting proxy (`bench/lib/proxy.py`, a Python proxy on a "
          "unix socket that forwards to `/var/run/docker.sock` and records every request line). A *resync* is a "
          "burst of engine calls separated from the next by more than 2 s of quiet; nothing changes meanwhile. "
          "CPU is utime+stime of the JVM from `/proc/<pid>/stat` over the window; RSS is VmRSS sampled each "
          "second.\n")
        w("| containers (stacks) | window | CPU, % of one core | RSS max | resyncs seen | engine calls per resync "
          "| list calls per resync | resync time (first→last call) | engine writes |")
        w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for n, x in st.get("sizes", {}).items():
            w(f"| {n} ({x.get('stacks')}) | {x['window_s']:.0f} s | {x['cpu_pct_of_core']:.2f} % | "
              f"{x['rss_max_mib']:.0f} MiB | {x['resyncs']} | {mmm(x['calls_per_resync'], lambda v: f'{v:.0f}')} | "
              f"{mmm(x['lists_per_resync'], lambda v: f'{v:.0f}')} | {mmm(x['resync_span_s'], ms)} | {x['writes']} |")
        w("")
        kinds = {}
        for n, x in st.get("sizes", {}).items():
            if x.get("bursts"):
                kinds[n] = x["bursts"][-1]["kinds"]
        if kinds:
            w("Engine calls of one resync, by kind:\n")
            for n, k in kinds.items():
                w(f"- {n} containers: " + ", ".join(f"`{a}` ×{b}" for a, b in sorted(k.items())))
            w("")
        big = st.get("sizes", {}).get("200")
        if big:
            w(f"Targets at 200 containers: < 1 % of a core idle: {big['cpu_pct_of_core']:.2f} % → "
              f"{verdict(big['cpu_pct_of_core'] < 1)}; < 256 MiB RSS: {big['rss_max_mib']:.0f} MiB → "
              f"{verdict(big['rss_max_mib'] < 256)}.")
        lists = {n: x["lists_per_resync"].get("median") for n, x in st.get("sizes", {}).items()
                 if x["lists_per_resync"].get("n")}
        if len(lists) > 1:
            const = len(set(lists.values())) == 1
            w(f"List calls per resync (median) by number of containers: {lists} → constant: {verdict(const)}.")
        spans = {int(n): x["resync_span_s"].get("median") for n, x in st.get("sizes", {}).items()
                 if x["resync_span_s"].get("n")}
        if len(spans) > 1:
            w("Resync time per container: " + ", ".join(
                f"{n}: {ms(v)} ({v / n * 1e6:.0f} µs per container)" for n, v in sorted(spans.items())) + ".")
        w("")
    else:
        w("not measured\n")

    scale_path = os.path.join(docs, "benchmarks-scale-results.json")
    if os.path.exists(scale_path):
        with open(scale_path) as f:
            scale(json.load(f), w)

    # ---- API
    w("## 5. API\n")
    api = P.get("api")
    if api:
        w(f"{api['applies']} sequential `PUT /api/v1/stacks/bench-api` of a 3-service stack, each a change (an env "
          f"value flips, so each is a new generation and the controller recreates containers meanwhile): p50 "
          f"{ms(api['p50'])}, p99 {ms(api['p99'])}, min {ms(api['min'])}, max {ms(api['max'])}.\n")
    else:
        w("Apply latency: not measured\n")
    sse = P.get("sse")
    if sse:
        w(f"SSE fan-out: {sse['watchers']} watchers on `GET /api/v1/events?watch=true` while {sse['repaired']} "
          f"removed containers were recreated: all {sse['repaired']} running again after {sec(sse['repair_s'])}; "
          f"events per watcher {sse['events_per_watcher_min']}–{sse['events_per_watcher_max']} "
          f"({sse['distinct_events']} distinct); the same event reached the first and the last watcher within "
          f"{ms(sse['fanout_spread_p50'])} (p50), {ms(sse['fanout_spread_p99'])} (p99); the last event reached "
          f"every watcher {sec(sse['last_event_after_fault_s'])} after the fault; connection errors: "
          f"{sse['connect_errors'] or 'none'}.\n")
    else:
        w("SSE fan-out: not measured\n")

    jobs_path = os.path.join(docs, "benchmarks-jobs-results.json")
    if os.path.exists(jobs_path):
        with open(jobs_path) as f:
            jobs(json.load(f), w)

    dashboard_path = os.path.join(docs, "benchmarks-dashboard-results.json")
    if os.path.exists(dashboard_path):
        with open(dashboard_path) as f:
            dashboard(json.load(f), w)
    rollout_path = os.path.join(docs, "benchmarks-rollout-results.json")
    if os.path.exists(rollout_path):
        with open(rollout_path) as f:
            rollouts(json.load(f), w)

    # ---- startup
    w("## Start time\n")
    su = P.get("startup")
    if su:
        w(f"`./stackd serve` on an empty data dir until `/readyz` answers 200 (launcher, JVM start, store "
          f"creation, engine connection): {mmm(su)}. Target < 2 s: {verdict(su.get('n') and su['median'] < 2)}.\n")
    else:
        w("not measured\n")

    w("## Whole run\n")
    if r.get("run_s"):
        per = conv.get("engine", {}).get(str(max(sizes)) if sizes else "", {}).get("summary", {})
        line = (f"The run took {r['run_s'] / 60:.1f} min and the engine started {r.get('container_starts', '?')} "
                f"bench containers in it (all systems, setup included).")
        if per.get("n") and r.get("container_starts"):
            rate = per["median"] / max(sizes)
            line += (f" At the engine's own rate in this run ({rate:.2f} s per container: its limit for N="
                     f"{max(sizes)}, divided by N), starting them takes {r['container_starts'] * rate / 60:.1f} min "
                     f"by itself. Target: the whole run under 15 min → {verdict(r['run_s'] < 900)}.")
        w(line + "\n")
    else:
        w("not recorded (an older or interrupted run)\n")

    if r.get("notes"):
        w("## Notes from the run\n")
        for n in r["notes"]:
            w(f"- {n}")
        w("")

    w("## How to run\n")
    w("```sh\nbench/run            # the full run; rewrites this page (see Whole run for how long it takes)\n"
      "bench/run --quick    # N=10, 3 repeats: for development\n"
      "bench/run --scale    # section 4b only (500 and 2,000 containers, private dockerd, NMT); keeps the rest\n"
      "bench/run --cleanup  # remove what an interrupted run left\n"
      "nice -n 19 bench/jobs  # section 6 only (scheduled jobs' lateness); keeps the rest\n"
      "nice -n 19 bench/dashboard  # section 7 only (the dashboard at 50 stacks, 1,000 events); keeps the rest\n"
      "bench/rollout          # section 8 only (rollouts against docker-compose and Swarm); keeps the rest\n```\n")
    w("What it does: builds `stackd-bench/busybox:1` FROM scratch; installs `docker-compose` (Debian's 1.29) "
      "with apt-get when missing; starts private stackd daemons (`./stackd serve --data-dir <tmp> --listen "
      "127.0.0.1:<free port>`); initialises a single-node Swarm (`docker swarm init --advertise-addr "
      "127.0.0.1`) only for the Swarm measurements, deploying with `--resolve-image never` and the image's ID; "
      "labels everything `stackd.bench=1` and removes it at exit (a trap, also on failure or Ctrl-C): "
      "stackd's stacks deleted through its API, then every labelled container and network, the swarm left and "
      "`docker_gwbridge` (which `swarm leave` keeps) removed with `docker network rm`; if that ever fails, "
      "dockerd is restarted the way it was started (systemd, or its original command line in the background "
      "with its log) and the script waits for `docker info`. Raw results: `bench/out/<time>/results.json`, "
      "with the daemons' logs.\n")
    w("The engine limit is measured with the Engine API over the unix socket (`POST /containers/create` + "
      "`POST /containers/{id}/start`, Python's http.client, 8 threads, dependencies first), not the docker CLI.\n")

    notes = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "NOTES.md")
    if os.path.exists(notes):
        w("## Analysis\n")
        with open(notes) as f:
            w(f.read())
    with open(os.path.join(docs, "benchmarks.md"), "w") as f:
        f.write("\n".join(out) + "\n")
    with open(os.path.join(docs, "benchmarks-results.json"), "w") as f:
        json.dump(runs, f, indent=1)
    svg = svg_chart(conv, sizes)
    if svg:
        with open(os.path.join(docs, "benchmarks-converge.svg"), "w") as f:
            f.write(svg)


if __name__ == "__main__":
    # report.py RESULTS.json [RESULTS.json ...] DOCS_DIR
    main(sys.argv[1:-1], sys.argv[-1])
