"""stackd's benchmark driver. Run through bench/run, which installs what is missing and cleans up on exit.

Every figure is measured in this run, on this engine, with the same image, against its comparison."""
import argparse
import concurrent.futures as cf
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import stacks  # noqa: E402
import util  # noqa: E402
from dockerd import BENCH_NAME, BENCH_POOL, PrivateDockerd, paths  # noqa: E402
from image import build_busybox  # noqa: E402
from engine import BENCH_LABEL, Engine, EngineError, EventRecorder, parse_ts  # noqa: E402
from proxy import CountingProxy, classify  # noqa: E402
from stackd import SseWatcher, Stackd, serve_available  # noqa: E402
from systems import (Compose, EngineLimit, StackdSystem, Swarm, bench_labels, count_running, sweep,  # noqa: E402
                     remove_network, wait_gone, wait_running, PARALLELISM, STALE_NETWORKS)
from util import log, run, summary, wait_until, percentile  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGE_TAG = "stackd-bench/busybox:1"
FAULTS = ["kill", "remove", "stop", "disconnect", "netrm", "unhealthy"]
SYS = f"{BENCH_LABEL}.sys"
SVC = f"{BENCH_LABEL}.svc"
RESYNC_S = 30  # stackd's default resync interval, which the bench's daemons keep
STEADY_MAX_STACKS = 20  # the steady state's stacks: 20 stacks of 10 = 200 containers; 500 = 20 stacks of 25
NMT = "-XX:NativeMemoryTracking=summary"
# what e316bc8 added to the launcher's JVM flags (the heap sized for a daemon); without them: the flags before
HEAP_FLAGS = re.compile(r"^-(Xms|Xmx|XX:(Min|Max)HeapFreeRatio=|XX:\+ExitOnOutOfMemoryError)")
WRITE_ACTIONS = {"create", "start", "stop", "destroy", "die", "kill", "restart", "rename", "update", "pause",
                 "unpause", "connect", "disconnect", "remove"}


class Run:
    def __init__(self, args):
        self.args = args
        self.engine = Engine()
        self.out = args.out
        self.work = tempfile.mkdtemp(prefix="stackd-bench-")
        self.results = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                        "quick": args.quick, "repeats": args.repeats, "sizes": args.sizes, "phases": {},
                        "notes": []}
        self.stackds = []
        self.image_id = None
        self.swarm_was = None

    def save(self):
        with open(os.path.join(self.out, "results.json"), "w") as f:
            json.dump(self.results, f, indent=1, default=str)

    def note(self, msg):
        log("NOTE:", msg)
        self.results["notes"].append(msg)

    # -- machine and image ---------------------------------------------------------------------------
    def machine(self):
        def sh(cmd):
            try:
                return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
            except Exception:  # noqa: BLE001
                return "?"
        v = self.engine.version()
        info = self.engine.info()
        java = os.environ.get("JAVA_HOME", "")
        self.results["machine"] = {
            "nproc": sh("nproc"), "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"),
            "memory": sh("free -h | awk '/Mem:/{print $2}'"), "kernel": platform.release(),
            "os": sh(". /etc/os-release && echo $PRETTY_NAME"),
            "docker": f"{v.get('Version')} (API {v.get('ApiVersion')}), storage {info.get('Driver')}, "
                      f"cgroup {info.get('CgroupVersion')}",
            "docker_compose": sh("docker-compose version --short"),
            "java": sh(f"'{java}/bin/java' -version 2>&1 | head -1") if java else "?",
            "python": platform.python_version(),
            "load_at_start": sh("cat /proc/loadavg"),
            "other_containers_at_start": len(self.engine.call("GET", "/containers/json")) -
            len(self.engine.containers([f"{BENCH_LABEL}=1"], all=False)),
        }

    def build_image(self):
        build_busybox(IMAGE_TAG, BENCH_LABEL, self.work)
        self.image_id = self.engine.call("GET", f"/images/{IMAGE_TAG}/json")["Id"]
        log("image", IMAGE_TAG, self.image_id)

    # -- stackd ----------------------------------------------------------------------------------------
    def new_stackd(self, tag, docker_host=None, java_opts=None):
        sd = Stackd(REPO, os.path.join(self.work, f"stackd-{tag}"), docker_host=docker_host,
                    log_path=os.path.join(self.out, f"stackd-{tag}.log"), java_opts=java_opts)
        self.stackds.append(sd)
        return sd

    def stop_stackd(self, sd, delete_stacks=True):
        if sd.proc and sd.proc.poll() is None and delete_stacks:
            try:
                for name in sd.stacks():
                    sd.delete(name)
                wait_until(lambda: not sd.stacks(), 90, 0.5)
            except Exception as e:  # noqa: BLE001
                log("stackd: deleting its stacks:", e)
        sd.stop()

    # ================================================================================================
    def phase_startup(self):
        """./stackd serve until /readyz answers 200, on an empty data dir, JVM start included."""
        times = []
        for i in range(self.args.repeats):
            sd = self.new_stackd(f"startup{i}")
            times.append(sd.start())
            sd.stop()
            log(f"startup {i}: {times[-1]:.3f} s")
        self.results["phases"]["startup"] = summary(times)

    # ================================================================================================
    def converge(self, system, n):
        """From the command to the engine's start event of the n-th container of the run's system (the
        engine's timestamps, no polling), then confirmed with one list that all n are running."""
        name = system.name
        m = self.ev.mark()
        t_wall, t0 = time.time(), time.monotonic()
        system.up(n)
        t_cmd = time.monotonic() - t0
        last = self.ev.wait_count(lambda e: e["type"] == "container" and e["action"] == "start"
                                  and e["attrs"].get(SYS) == name, m, n, timeout=300)
        if last is None:
            raise RuntimeError(f"{name}: {n} containers not started after 300 s")
        if wait_running(self.engine, name, n, timeout=30, interval=0.2) is None:
            raise RuntimeError(f"{name}: {n} containers started but not all running")
        return last["t"] - t_wall, t_cmd

    def phase_converge(self, systems, label="converge"):
        res = self.results["phases"].setdefault(label, {})
        for n in self.args.sizes:
            for i in range(self.args.repeats):
                for s in systems:  # interleaved, so slow drifts of the machine's load hit every system
                    r = res.setdefault(s.name, {}).setdefault(str(n), {"total": [], "command": [], "api": []})
                    try:
                        total, t_cmd = self.converge(s, n)
                        r["total"].append(total)
                        r["command"].append(t_cmd)
                        if getattr(s, "last_api", None) is not None:
                            r["api"].append(s.last_api)
                        log(f"converge {s.name} N={n} #{i}: {total:.3f} s (command returned {t_cmd:.3f} s)")
                    except Exception as e:  # noqa: BLE001
                        r["total"].append(None)
                        self.note(f"converge {s.name} N={n} #{i} failed: {e}")
                    if not s.down():
                        self.note(f"{s.name}: teardown after converge N={n} #{i} needed a sweep")
                    self.save()
        for sname, per_n in res.items():
            for n, r in per_n.items():
                r["summary"] = summary(r["total"])
                r["command_summary"] = summary(r["command"])
                if r["api"]:
                    r["api_summary"] = summary(r["api"])

    # ================================================================================================
    # Repair
    def svc_containers(self, system, svc):
        return self.engine.containers(bench_labels(system) + [f"{BENCH_LABEL}.svc={svc}"], all=True)

    def current(self, system, svc, healthy=True):
        healthy = healthy and svc.startswith("unhealthy")  # only those services have a healthcheck
        for c in self.svc_containers(system, svc):
            if c["State"] == "running" and (not healthy or "(healthy)" in c.get("Status", "")):
                return c
        return None

    def fault(self, kind, c):
        cid = c["Id"]
        nets = list(c["NetworkSettings"]["Networks"].keys())
        net = nets[0]
        if kind in ("kill", "killno"):
            pid = self.engine.inspect(cid)["State"]["Pid"]
            os.kill(pid, signal.SIGKILL)
        elif kind == "remove":
            self.engine.call("DELETE", f"/containers/{cid}?force=1")
        elif kind == "stop":
            self.engine.call("POST", f"/containers/{cid}/stop?t=10")
        elif kind == "disconnect":
            self.engine.call("POST", f"/networks/{net}/disconnect", {"Container": cid})
        elif kind == "netrm":
            # the engine removes only a network without endpoints, and stackd may reconnect the container between
            # the two calls (it repairs a disconnect in ~50 ms): then both calls again
            for attempt in range(10):
                try:
                    self.engine.call("POST", f"/networks/{net}/disconnect", {"Container": cid, "Force": True})
                except EngineError:
                    pass  # not connected (any more)
                try:
                    self.engine.call("DELETE", f"/networks/{net}")
                    break
                except EngineError as e:
                    if e.status != 403 or attempt == 9:
                        raise
        elif kind == "unhealthy":
            run(["docker", "exec", cid, "rm", "/tmp/ok"])
        else:
            raise ValueError(f"unknown fault {kind}")
        return net

    def repaired(self, system, svc, kind, t_before, net):
        for c in self.svc_containers(system, svc):
            if c["State"] != "running":
                continue
            if kind in ("disconnect", "netrm"):
                if net in c["NetworkSettings"]["Networks"]:
                    return True
                continue
            try:
                st = self.engine.inspect(c["Id"])["State"]
            except EngineError:
                continue
            if parse_ts(st.get("StartedAt")) <= t_before:
                continue
            if kind == "unhealthy" and st.get("Health", {}).get("Status") != "healthy":
                continue
            return True
        return False

    def fault_event(self, kind, svc, cid, net):
        """A predicate for the engine's own record of the fault (the moment it took effect)."""
        if kind in ("kill", "killno", "stop"):
            return lambda e: e["type"] == "container" and e["action"] == "die" and e["id"] == cid
        if kind == "remove":
            return lambda e: e["type"] == "container" and e["action"] == "destroy" and e["id"] == cid
        if kind == "disconnect":
            return lambda e: (e["type"] == "network" and e["action"] == "disconnect"
                              and e["attrs"].get("container") == cid and e["attrs"].get("name") == net)
        if kind == "netrm":
            return lambda e: e["type"] == "network" and e["action"] == "destroy" and e["attrs"].get("name") == net
        if kind == "unhealthy":
            return lambda e: (e["type"] == "container" and e["action"] == "health_status: unhealthy"
                              and e["attrs"].get(SVC) == svc)
        raise ValueError(kind)

    @staticmethod
    def repair_event(kind, svc, cid, net):
        """A predicate for the engine event that completes the repair: a container of the service started;
        for the healthcheck fault, healthy after such a start; for the network faults, a container of the
        service connected to the network (by name: a removed network comes back with a new ID)."""
        ids = {cid}
        started = []

        def pred(e):
            if e["type"] == "container" and e["attrs"].get(SVC) == svc:
                ids.add(e["id"])
                if e["action"] == "start":
                    if kind == "unhealthy":
                        started.append(e)
                    elif kind not in ("disconnect", "netrm"):
                        return True
                if e["action"] == "health_status: healthy" and kind == "unhealthy" and started:
                    return True
                return False
            return (kind in ("disconnect", "netrm") and e["type"] == "network" and e["action"] == "connect"
                    and e["attrs"].get("name") == net and e["attrs"].get("container") in ids)
        return pred

    def repair_runs(self, system, services, timeout, res):
        """services: {fault: [svc names, one per repeat]}. A fault that is not repaired within timeout on
        its first try is reported 'no repair' and not tried again (the result would not change). Times come
        from the engine's events: from the fault as the engine recorded it (and from the harness's call) to
        the event that completes the repair; a list + inspect then confirms the repair holds."""
        for kind, names in services.items():
            # the engine's restart policy does repair a killed process, and took up to ~10 s on a loaded machine:
            # a kill gets the long window everywhere, so a slow repair is not reported as none
            timeout_k = max(timeout, self.args.stackd_repair_timeout) if kind in ("kill", "killno") else timeout
            r = res.setdefault(system, {}).setdefault(kind, {"times": [], "from_call": [], "timeout": timeout_k})
            for i, svc in enumerate(names):
                c, _ = wait_until(lambda: self.current(system, svc), 30, 0.1)
                if not c:
                    r["times"].append(None)
                    self.note(f"repair {system}/{kind}#{i}: {svc} not running and healthy before the fault")
                    continue
                time.sleep(0.2)
                m = self.ev.mark()
                t_before = time.time()
                try:
                    net = self.fault(kind, c)
                except Exception as e:  # noqa: BLE001
                    r["refused"] = f"the engine refused the fault: {e}"
                    log(f"repair {system}/{kind}: fault refused: {e}")
                    break
                done = self.ev.wait_for(self.repair_event(kind, svc, c["Id"], net), m, timeout_k)
                held = done is not None and wait_until(
                    lambda: self.repaired(system, svc, kind, t_before, net), 10, 0.05)[0]
                f = self.ev.find(self.fault_event(kind, svc, c["Id"], net), m)
                if done is not None and not held:
                    self.note(f"repair {system}/{kind}#{i}: the engine reported the repair but it did not hold")
                dt = done["t"] - f[0]["t"] if held and f else None
                r["times"].append(dt)
                r["from_call"].append(done["t"] - t_before if held else None)
                log(f"repair {system}/{kind} #{i}: " + (f"{dt * 1000:.0f} ms after the fault's event, "
                    f"{(done['t'] - t_before) * 1000:.0f} ms after the call" if dt is not None
                    else f"no repair in {timeout_k} s" if done is None else "no fault event seen"))
                if done is None:
                    r["no_repair"] = True
                    break
            r["summary"] = summary(r["times"])
            r["from_call_summary"] = summary(r["from_call"])
            self.save()

    def repair_services(self, with_killno=False):
        R = self.args.repeats
        svcs = {k: [f"{k}{i}" for i in range(R)] for k in FAULTS}
        if with_killno:
            svcs["killno"] = [f"killno{i}" for i in range(R)]
        return svcs

    @staticmethod
    def flat(svcs, restart="always"):
        out = []
        for k, names in svcs.items():
            for n in names:
                out.append((n, "no" if k == "killno" else restart))
        return out

    def repair_baseline(self, net=None, key="repair_baseline"):
        """The bare engine operations a repair needs at least: start a stopped container; create+start a
        container; connect a container to a network. Timed the same way (from the call to the engine's event).
        With net, on that network (the repair stack's, while its containers run: the same conditions as the
        repairs it is compared with); else on a network of its own on an idle engine."""
        e = EngineLimit(self.engine, IMAGE_TAG)
        e.name = "baseline"
        if net is None:
            net = "sbb_net"
            e.create_network(net)
        res = {"start": [], "create_start": [], "connect": []}
        cid = e.create_start("sbb_c", net, "c", cmd=stacks.SLEEP_CMD)
        lab = bench_labels("baseline")

        def started(cid):
            return lambda e: e["type"] == "container" and e["action"] == "start" and e["id"] == cid

        def connected(cid):
            return lambda e: (e["type"] == "network" and e["action"] == "connect"
                              and e["attrs"].get("container") == cid and e["attrs"].get("name") == net)

        def after_event(call, pred_of):
            """call() -> id; the time from just before the call to the engine's event for that id."""
            m, t0 = self.ev.mark(), time.time()
            x = call()
            e = self.ev.wait_for(pred_of(x), m, 30)
            if e is None:
                raise RuntimeError("baseline: the engine did not report the operation in 30 s")
            return x, e["t"] - t0
        for i in range(self.args.repeats):
            self.engine.call("POST", f"/containers/{cid}/stop?t=10")
            time.sleep(0.2)
            _, dt = after_event(lambda: self.engine.call("POST", f"/containers/{cid}/start") or cid, started)
            res["start"].append(dt)

            x, dt = after_event(lambda: e.create_start(f"sbb_x{i}", net, f"x{i}"), started)
            res["create_start"].append(dt)
            self.engine.remove_container(x)

            self.engine.call("POST", f"/networks/{net}/disconnect", {"Container": cid})
            time.sleep(0.2)
            _, dt = after_event(lambda: self.engine.call("POST", f"/networks/{net}/connect", {"Container": cid}) or cid,
                                connected)
            res["connect"].append(dt)
        sweep(self.engine, label=lab[1])
        self.results["phases"][key] = {k: summary(v) for k, v in res.items()}
        self.results["phases"][key]["network"] = net
        log(f"{key}:", {k: round(summary(v)["median"] * 1000) for k, v in res.items()}, "ms")

    def phase_repair_engine_compose(self):
        res = self.results["phases"].setdefault("repair", {})
        svcs = self.repair_services()
        # the engine alone: the same containers with restart policy "always", created directly
        e = EngineLimit(self.engine, IMAGE_TAG)
        for name, restart in self.flat(svcs):
            net = f"sbe-{stacks.own_network(name)}"
            if not self.engine.networks(name=net):
                e.create_network(net)
            e.create_start(f"sbe_{name}", net, name, cmd=stacks.HEALTHY_CMD, restart=restart, health=name.startswith("unhealthy"),
                           extra={f"{BENCH_LABEL}.svc": name})
        self.repair_runs("engine", svcs, self.args.no_repair_window, res)
        sweep(self.engine, "engine")
        # docker-compose: the same file with restart: always; compose itself does nothing after `up`
        c = Compose(self.engine, IMAGE_TAG, self.work)
        c.up_file(stacks.repair_file(self.flat(svcs), IMAGE_TAG, "compose"), project="sbcr")
        self.repair_runs("compose", svcs, self.args.no_repair_window, res)
        sweep(self.engine, "compose")

    def phase_repair_stackd(self, sd):
        res = self.results["phases"].setdefault("repair", {})
        svcs = self.repair_services(with_killno=True)
        sd.apply("bench-repair", stacks.repair_file(self.flat(svcs), IMAGE_TAG, "stackd"))
        if wait_running(self.engine, "stackd", sum(len(v) for v in svcs.values()), 300) is None:
            raise RuntimeError("stackd: the repair stack did not come up in 300 s")
        # the bare operations again, now beside the repair stack's running containers, on its shared network
        c = self.current("stackd", svcs["kill"][0])
        self.repair_baseline(net=next(iter(c["NetworkSettings"]["Networks"])), key="repair_baseline")
        self.repair_runs("stackd", svcs, self.args.stackd_repair_timeout, res)
        StackdSystem(self.engine, IMAGE_TAG, sd).down("bench-repair")

    def phase_repair_swarm(self, sw):
        res = self.results["phases"].setdefault("repair", {})
        svcs = self.repair_services()
        sw.deploy(stacks.repair_file(self.flat(svcs), self.image_id, "swarm", swarm=True), stack="sbsr")
        if wait_running(self.engine, "swarm", sum(len(v) for v in svcs.values()), 300) is None:
            raise RuntimeError("swarm: the repair stack did not come up in 300 s")
        self.repair_runs("swarm", svcs, self.args.swarm_repair_timeout, res)
        sw.down("sbsr")

    # ================================================================================================
    def container_events(self, since, until, system):
        evs = self.engine.events(since, until, {"label": bench_labels(system)})
        evs += [e for e in self.engine.events(since, until, {"type": ["network"]})
                if e.get("Actor", {}).get("Attributes", {}).get("name", "").startswith("bench-")]
        return [f"{e.get('Type')}:{e.get('Action')}" for e in evs
                if e.get("Action", "").split(":")[0] in WRITE_ACTIONS]

    def phase_noop(self, sd, n=50):
        """Apply an unchanged n-service stack: time to the API's answer, time until stackd has reconciled it
        (its reconcile counter moves), and the engine's write events in that window (must be none)."""
        name = "bench-noop"
        text = stacks.converge_file(n, IMAGE_TAG, "stackd")
        sd.apply(name, text)
        if wait_running(self.engine, "stackd", n, 300) is None:
            raise RuntimeError("no-op: the stack did not come up")
        time.sleep(3)  # let the first reconciles settle
        res = {"api": [], "verified": [], "writes": [], "status": [], "changed": []}
        for i in range(self.args.repeats):
            m0 = sd.metric_sum("stackd_reconciles_seconds_count")
            w0 = time.time()
            t0 = time.monotonic()
            st, body = sd.apply(name, text)
            api = time.monotonic() - t0
            try:
                res["changed"].append(json.loads(body).get("changed"))
            except ValueError:
                res["changed"].append(None)
            ok, _ = wait_until(lambda: sd.metric_sum("stackd_reconciles_seconds_count") > m0, 35, 0.005)
            ver = time.monotonic() - t0 if ok else None
            time.sleep(0.3)
            w1 = time.time()
            writes = self.container_events(w0, w1, "stackd")
            res["api"].append(api)
            res["verified"].append(ver)
            res["writes"].append(len(writes))
            res["status"].append(st)
            log(f"no-op #{i}: API {api * 1000:.1f} ms, reconciled after "
                f"{'-' if ver is None else f'{ver * 1000:.0f} ms'}, engine writes {len(writes)} {writes[:5]}")
            time.sleep(0.5)
        self.results["phases"]["noop"] = {"n": n, "api": summary(res["api"]), "verified": summary(res["verified"]),
                                          "writes": res["writes"], "status": res["status"],
                                          "changed": res["changed"]}
        StackdSystem(self.engine, IMAGE_TAG, sd).down(name)

    # ================================================================================================
    def phase_api(self, sd, applies=100):
        """100 sequential applies of a 3-service stack, each a change (an env value flips), so every apply
        is a new generation and the controller works while the API answers."""
        name = "bench-api"
        lat = []
        for i in range(applies):
            t0 = time.monotonic()
            sd.apply(name, stacks.small_file(3, IMAGE_TAG, "stackd", env_value=str(i % 2)))
            lat.append(time.monotonic() - t0)
        wait_running(self.engine, "stackd", 3, 120)
        self.results["phases"]["api"] = {"applies": applies, "p50": percentile(lat, 50), "p99": percentile(lat, 99),
                                         "max": max(lat), "min": min(lat)}
        log(f"API: p50 {percentile(lat, 50) * 1000:.1f} ms, p99 {percentile(lat, 99) * 1000:.1f} ms")
        StackdSystem(self.engine, IMAGE_TAG, sd).down(name)

        # SSE fan-out: 50 watchers while 20 removed containers are recreated
        name = "bench-sse"
        sd.apply(name, stacks.small_file(20, IMAGE_TAG, "stackd"))
        if wait_running(self.engine, "stackd", 20, 300) is None:
            raise RuntimeError("sse: the stack did not come up")
        time.sleep(2)
        watchers = [SseWatcher(sd) for _ in range(50)]
        for w in watchers:
            w.start()
        for w in watchers:
            w.connected.wait(30)
        errors = [w.error for w in watchers if w.error]
        time.sleep(1)
        base = [len(w.received) for w in watchers]
        cs = self.engine.containers(bench_labels("stackd"), all=True)
        old_ids = {c["Id"] for c in cs}
        m, t_wall, t0 = self.ev.mark(), time.time(), time.monotonic()
        for c in cs:
            self.engine.remove_container(c["Id"])
        last = self.ev.wait_count(lambda e: e["type"] == "container" and e["action"] == "start"
                                  and e["attrs"].get(SYS) == "stackd" and e["id"] not in old_ids, m, len(cs), 120)
        repair = last["t"] - t_wall if last else None
        time.sleep(3)
        for w in watchers:
            w.close()
        per_watcher = [len(w.received) - b for w, b in zip(watchers, base)]
        first_seen = {}
        for w, b in zip(watchers, base):
            for t, key in w.received[b:]:
                first_seen.setdefault(key, []).append(t)
        spreads = [max(ts) - min(ts) for ts in first_seen.values() if len(ts) > 1]
        delivered_after = [max(ts) - t0 for ts in first_seen.values()]
        self.results["phases"]["sse"] = {
            "watchers": 50, "repaired": len(cs), "repair_s": repair, "connect_errors": errors[:5],
            "events_per_watcher_min": min(per_watcher) if per_watcher else 0,
            "events_per_watcher_max": max(per_watcher) if per_watcher else 0,
            "distinct_events": len(first_seen),
            "fanout_spread_p50": percentile(spreads, 50), "fanout_spread_p99": percentile(spreads, 99),
            "last_event_after_fault_s": max(delivered_after) if delivered_after else None,
        }
        log("SSE:", self.results["phases"]["sse"])
        StackdSystem(self.engine, IMAGE_TAG, sd).down(name)

    # ================================================================================================
    def phase_steady(self):
        """stackd behind a counting proxy of the Engine API (a Python proxy on a unix socket: DOCKER_HOST):
        CPU and RSS of the JVM over the window with nothing changing, engine calls per resync, resync time.
        --steady-engine private: against a private dockerd (bench/lib/dockerd.py) whose address pool holds
        the 100 networks of 100 stacks; --steady-nmt: the JVM with native memory tracking, and its summary and a
        heap histogram at the end of each window; --steady-jvm-compare N: at N containers, also fresh JVMs with
        the launcher's flags before the heap was sized and with today's, on the same containers."""
        a = self.args
        dockerd, eng = None, self.engine
        if a.steady_engine == "private":
            check_pid_headroom(max(st * per for st, per in a.steady_layouts))
            dockerd = PrivateDockerd(os.path.join(self.out, "dockerd-steady.log"), pool=BENCH_POOL, name=BENCH_NAME)
            dockerd.start()
            eng = dockerd.engine
            build_busybox(IMAGE_TAG, BENCH_LABEL, self.work, docker_host=f"unix://{dockerd.sock}")
        proxy = CountingProxy(os.path.join(self.work, "engine-proxy.sock"), upstream=eng.sock)
        proxy.start()
        opts = launcher_java_opts()
        if a.steady_nmt:
            opts += " " + NMT
        sd = self.new_stackd("steady", docker_host=f"unix://{proxy.listen_path}", java_opts=opts)
        try:
            ready = sd.start()
            res = {"ready_s": ready, "sizes": {}, "engine": a.steady_engine,
                   "pool": dockerd.pool if dockerd else None, "java_opts": opts,
                   "docker": eng.version().get("Version"),
                   "layouts": [f"{st}x{per}" for st, per in a.steady_layouts]}
            self.results["phases"]["steady"] = res
            sizes_applied = {}  # stack index -> services
            for want, per in a.steady_layouts:
                total = want * per
                for k in range(want):
                    if sizes_applied.get(k) != per:
                        sd.apply(f"bench-steady-{k:02d}", stacks.small_file(per, IMAGE_TAG, "stackd"))
                        sizes_applied[k] = per
                for k in [k for k in sizes_applied if k >= want]:
                    sd.delete(f"bench-steady-{k:02d}")
                    del sizes_applied[k]
                t_up = time.monotonic()
                if wait_until(lambda: count_running(eng, "stackd") == total, max(900, total), 0.5)[1] is None:
                    raise RuntimeError(f"steady: {total} containers not running in {max(900, total)} s")
                log(f"steady {total} containers ({want} x {per}) running after {time.monotonic() - t_up:.0f} s")
                r = self.steady_window(sd, proxy, total)
                r["stacks"], r["per_stack"] = want, per
                if a.steady_nmt:
                    r.update(jvm_report(sd.java_pid(), os.path.join(self.out, f"steady-{total}")))
                res["sizes"][str(total)] = r
                log(f"steady {total} containers: {json.dumps({k: v for k, v in r.items() if k not in ('bursts', 'nmt', 'histogram')})}")
                self.save()
                if total == a.steady_jvm_compare:
                    # fresh JVMs on the same containers, one per set of flags, stopped without deleting a stack
                    cmp_ = res.setdefault("jvm_compare", {"containers": total})
                    for variant, vopts in (("before", before_java_opts(opts)), ("daemon", opts)):
                        sd.stop()
                        sd.java_opts = vopts
                        sd.start()
                        x = self.steady_window(sd, proxy, total)
                        x.update(jvm_report(sd.java_pid(), os.path.join(self.out, f"steady-{total}-{variant}"))
                                 if a.steady_nmt else {})
                        x["java_opts"] = vopts
                        cmp_[variant] = x
                        log(f"steady {total} JVM {variant}: cpu {x['cpu_pct_of_core']:.2f} %, rss max "
                            f"{x['rss_max_mib']:.0f} MiB, GCs {x.get('gc')}")
                        self.save()
                    sd.java_opts = opts
        finally:
            if dockerd:
                # everything on the private engine is the bench's: stop stackd, remove it all, stop the engine
                self.stop_stackd(sd, delete_stacks=False)
                proxy.close()
                n, kept = clear_engine(eng)
                if kept:  # stale endpoints (moby/moby#43286): the private engine restarted clears them
                    dockerd.restart()
                    n2, kept = clear_engine(eng)
                    n += n2
                log(f"steady: removed {n} containers from the private engine (networks it kept: {kept}); stopping it")
                dockerd.stop()
            else:
                self.stop_stackd(sd)
                proxy.close()

    def steady_window(self, sd, proxy, total):
        # wait until the engine calls of the applies (or of a start) are over (2 s quiet)
        wait_until(lambda: (proxy.snapshot() or [(0,)])[-1][0] < time.monotonic() - 2, 300, 0.2)
        # every size gets at least `steady_resyncs` resyncs (stackd's default: one every 30 s), the samples
        # of the calls per resync and the resync time; the CPU size at least the long window as well
        window = max(self.args.steady_resyncs * RESYNC_S + 2,
                     self.args.steady_window if total == self.args.steady_cpu_size else 0)
        gc0 = jstat_gc(sd.java_pid())
        r = self.observe(sd, proxy, window)
        gc1 = jstat_gc(sd.java_pid())
        if gc0 and gc1:
            r["gc"] = {k: round(gc1[k] - gc0[k], 3) for k in ("YGC", "YGCT", "FGC", "FGCT") if k in gc0 and k in gc1}
            r["heap_after_kib"] = {k: gc1[k] for k in ("S0C", "S1C", "EC", "OC", "OU", "MC", "MU") if k in gc1}
        return r

    def observe(self, sd, proxy, window):
        pid = sd.java_pid()
        tck = os.sysconf("SC_CLK_TCK")

        def cpu():
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tck  # utime + stime

        def rss():
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1]) * 1024
            return 0
        n0 = len(proxy.snapshot())
        c0, t0 = cpu(), time.monotonic()
        rs = []
        while time.monotonic() - t0 < window:
            rs.append(rss())
            time.sleep(1)
        c1, t1 = cpu(), time.monotonic()
        reqs = proxy.snapshot()[n0:]
        # resyncs: bursts of engine calls separated by more than 2 s of quiet
        bursts = []
        for t, m, p in reqs:
            if bursts and t - bursts[-1]["last"] <= 2:
                bursts[-1]["last"] = t
                bursts[-1]["calls"].append(classify(m, p))
            else:
                bursts.append({"first": t, "last": t, "calls": [classify(m, p)]})
        out = []
        for b in bursts:
            kinds = {}
            for k in b["calls"]:
                kinds[k] = kinds.get(k, 0) + 1
            out.append({"span_s": b["last"] - b["first"], "calls": len(b["calls"]), "kinds": kinds,
                        "lists": sum(v for k, v in kinds.items() if k.endswith("(list)")),
                        "writes": sum(v for k, v in kinds.items() if k.split()[0] in ("POST", "PUT", "DELETE")
                                      and "/exec" not in k)})
        return {"window_s": t1 - t0, "cpu_pct_of_core": 100.0 * (c1 - c0) / (t1 - t0),
                "rss_max_mib": max(rs) / 2**20 if rs else None, "rss_last_mib": rs[-1] / 2**20 if rs else None,
                "engine_calls": len(reqs), "resyncs": len(out), "bursts": out,
                "calls_per_resync": summary([b["calls"] for b in out]),
                "lists_per_resync": summary([b["lists"] for b in out]),
                "resync_span_s": summary([b["span_s"] for b in out]),
                "writes": sum(b["writes"] for b in out)}

    # ================================================================================================
    def swarm_phase(self):
        info = self.engine.info()
        state = info.get("Swarm", {}).get("LocalNodeState")
        if state != "inactive":
            self.note(f"swarm: this engine is already in swarm state '{state}': Swarm not measured")
            return
        gw_before = bool(self.engine.networks(name="docker_gwbridge"))
        with open(os.path.join(self.out, "swarm-state"), "w") as f:
            f.write(f"gwbridge_before={int(gw_before)}\n")
        run(["docker", "swarm", "init", "--advertise-addr", "127.0.0.1"])
        try:
            sw = Swarm(self.engine, self.image_id, self.work)
            if "converge" in self.args.phases or "swarm-converge" in self.args.phases:
                self.phase_converge([sw], label="converge")
            if "repair" in self.args.phases or "swarm-repair" in self.args.phases:
                self.phase_repair_swarm(sw)
        finally:
            run(["docker", "stack", "rm", "sbs"], check=False)
            run(["docker", "stack", "rm", "sbsr"], check=False)
            if not wait_gone(self.engine, "swarm", timeout=90):
                sweep(self.engine, "swarm")
            leave_swarm(self.engine, gw_before)

    # ================================================================================================
    def main(self):
        a = self.args
        self.t_start = time.monotonic()
        self.ev = EventRecorder().start()
        self.machine()
        if set(a.phases) - {"steady"} or a.steady_engine != "private":
            self.build_image()  # the steady state on a private engine builds the image there
        have_stackd = serve_available(REPO) and not a.no_stackd
        self.results["stackd_available"] = have_stackd
        if not have_stackd:
            self.note("stackd: this checkout has no `stackd serve` (daemon and HTTP API): every stackd figure is "
                      "missing from this run")
        else:
            run([os.path.join(REPO, "stackd"), "version"], timeout=900)  # builds the jar if stale (not timed)
        sd = None
        if have_stackd and "startup" in a.phases:
            self.phase_startup()
        systems = [x for x in (EngineLimit(self.engine, IMAGE_TAG), Compose(self.engine, IMAGE_TAG, self.work))
                   if x.name in a.systems]
        if have_stackd and "stackd" in a.systems:
            sd = self.new_stackd("main")
            sd.start()
            systems.append(StackdSystem(self.engine, IMAGE_TAG, sd))
        if "converge" in a.phases:
            self.phase_converge(systems)
        if "repair" in a.phases:
            self.repair_baseline(key="repair_baseline_idle")
            if "engine" in a.systems or "compose" in a.systems:
                self.phase_repair_engine_compose()
            if sd:
                self.phase_repair_stackd(sd)
        if sd and "noop" in a.phases:
            self.phase_noop(sd)
        if sd and "api" in a.phases:
            self.phase_api(sd)
        if sd:
            self.stop_stackd(sd)
        if have_stackd and "steady" in a.phases:
            self.phase_steady()
        if "swarm" in a.phases and "swarm" in a.systems:
            self.swarm_phase()
        self.results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self.results["run_s"] = time.monotonic() - self.t_start
        # how much of the run is the engine starting containers: every start of a bench container, seen in
        # the engine's events (all systems, setup included)
        self.results["container_starts"] = len(self.ev.find(
            lambda e: e["type"] == "container" and e["action"] == "start" and e["attrs"].get(BENCH_LABEL) == "1"))
        self.results["machine"]["load_at_end"] = open("/proc/loadavg").read().strip()
        if STALE_NETWORKS:
            self.note(f"the engine kept {len(STALE_NETWORKS)} network(s) with stale endpoints after their containers "
                      f"were removed ({', '.join(sorted(STALE_NETWORKS))}; moby/moby#43286); bench/run restarts "
                      "dockerd at exit to remove them")
        self.save()

    def cleanup(self):
        for sd in self.stackds:
            try:
                self.stop_stackd(sd, delete_stacks=True)
            except Exception as e:  # noqa: BLE001
                log("cleanup stackd:", e)
        shutil.rmtree(self.work, ignore_errors=True)


# -- the JVM and the machine, for the steady state ---------------------------------------------------------
def launcher_java_opts():
    """The JVM flags ./stackd uses for `serve` when STACKD_JAVA_OPTS is not set, read from the launcher itself
    (so the bench measures what ships, and can add NMT to it)."""
    with open(os.path.join(REPO, "stackd")) as f:
        text = f.read()
    m = re.search(r"\$\{STACKD_JAVA_OPTS:-(.*?)\}\s+-jar", text, re.S)
    if not m:
        raise RuntimeError("./stackd: no ${STACKD_JAVA_OPTS:-...} default flags found")
    jsa = os.path.join(REPO, "controller/target/stackd-serve.jsa")
    return " ".join(m.group(1).replace("\\\n", " ").replace('"$jsa"', jsa).replace("$jsa", jsa).split())


def before_java_opts(opts):
    return " ".join(o for o in opts.split() if not HEAP_FLAGS.match(o))


def jcmd(pid, *args):
    java = os.environ.get("JAVA_HOME", "")
    exe = os.path.join(java, "bin/jcmd") if java else "jcmd"
    return run([exe, str(pid)] + list(args), timeout=120).stdout


def jstat_gc(pid):
    """jstat -gc: capacities and usage in KiB, GC counts and times (s); {} if jstat fails."""
    java = os.environ.get("JAVA_HOME", "")
    exe = os.path.join(java, "bin/jstat") if java else "jstat"
    try:
        lines = run([exe, "-gc", str(pid)], timeout=60).stdout.split("\n")
        head, vals = lines[0].split(), lines[1].split()
        return {h: float(v) for h, v in zip(head, vals) if v not in ("-",)}
    except Exception as e:  # noqa: BLE001 - a figure missing, not a failed run
        log("jstat:", e)
        return {}


def jvm_report(pid, prefix):
    """NMT summary (committed KiB per category) and the heap histogram's top 15 at the end of a window; the
    raw outputs are kept beside results.json. The histogram forces a full GC: it is taken last."""
    out = {}
    try:
        nmt = jcmd(pid, "VM.native_memory", "summary", "scale=KB")
        with open(prefix + "-nmt.txt", "w") as f:
            f.write(nmt)
        cats = {}
        for m in re.finditer(r"^-\s+(.+?) \(reserved=(\d+)KB, committed=(\d+)KB", nmt, re.M):
            cats[m.group(1).strip()] = int(m.group(3))
        tot = re.search(r"^Total: reserved=(\d+)KB, committed=(\d+)KB", nmt, re.M)
        out["nmt"] = {"total_committed_kib": int(tot.group(2)) if tot else None, "committed_kib": cats}
    except Exception as e:  # noqa: BLE001
        log("NMT:", e)
    try:
        h = jcmd(pid, "GC.class_histogram")
        with open(prefix + "-histogram.txt", "w") as f:
            f.write(h)
        rows = []
        for line in h.splitlines():
            m = re.match(r"^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
            if m and len(rows) < 15:
                rows.append({"instances": int(m.group(1)), "bytes": int(m.group(2)), "class": m.group(3)})
        tot = re.search(r"^Total\s+(\d+)\s+(\d+)", h, re.M)
        out["histogram"] = {"top": rows, "total_instances": int(tot.group(1)) if tot else None,
                            "total_bytes": int(tot.group(2)) if tot else None}
    except Exception as e:  # noqa: BLE001
        log("histogram:", e)
    return out


def check_pid_headroom(containers):
    """Every container costs the host about 14 tasks (its containerd-shim has ~12 threads, plus the process):
    2,000 containers need ~28,000, close to the kernel's default pid_max of 32768 on a machine already busy.
    Refuse up front rather than let fork() fail across the machine."""
    with open("/proc/sys/kernel/pid_max") as f:
        pid_max = int(f.read())
    with open("/proc/loadavg") as f:
        tasks = int(f.read().split()[3].split("/")[1])
    need = 14 * containers + 4000
    if pid_max - tasks < need:
        raise RuntimeError(f"steady: {containers} containers need ~{need} more tasks, and pid_max {pid_max} leaves "
                           f"{pid_max - tasks}: raise it first (sysctl -w kernel.pid_max=4194304, systemd's default)")


def clear_engine(eng):
    """Removes every container and every user-defined network of a private engine; returns the number of
    containers and the names of the networks the engine refused to remove (not STALE_NETWORKS: a restart of
    the private engine clears those, never one of the host's)."""
    cs = eng.call("GET", "/containers/json?all=1")
    with cf.ThreadPoolExecutor(PARALLELISM) as ex:
        list(ex.map(lambda c: eng.remove_container(c["Id"]), cs))
    kept = []
    for net in eng.call("GET", "/networks"):
        if net["Name"] not in ("none", "host", "bridge"):
            try:
                eng.remove_network(net["Id"])
            except EngineError as e:
                log("private engine: network", net["Name"], e)
                kept.append(net["Name"])
    return len(cs), kept


def stop_private_engine(name):
    """After an interrupted run: empties and stops the private engine `name` if it is still up."""
    base, sock, _ = paths(name)
    eng = Engine(sock)
    try:
        if eng.call("GET", "/_ping", timeout=5) == "OK":
            log(f"cleanup: private engine {sock}: removed {clear_engine(eng)[0]} containers")
    except Exception:  # noqa: BLE001 - not running
        pass
    try:
        with open(f"{base}/docker.pid") as f:
            pid = int(f.read().strip())
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            if sock.encode() not in f.read():
                return
        os.kill(pid, signal.SIGTERM)
        wait_until(lambda: not os.path.exists(f"/proc/{pid}"), 60, 0.5)
    except (OSError, ValueError):
        pass


def leave_swarm(engine, gw_before):
    """Leaves the single-node swarm and removes docker_gwbridge, which `swarm leave` keeps. Its removal fails
    while the engine still tears down the swarm's sandboxes, so it is retried for a minute; only when it still
    fails does bench/run restart dockerd the way it was started (see restart_dockerd there)."""
    run(["docker", "swarm", "leave", "--force"], check=False)
    if gw_before:
        return
    err = ""
    for _ in range(120):
        if not engine.networks(name="docker_gwbridge"):
            return
        p = run(["docker", "network", "rm", "docker_gwbridge"], check=False)
        if p.returncode == 0:
            log("swarm: left; docker_gwbridge removed")
            return
        err = p.stderr.strip()
        time.sleep(0.5)
    log(f"swarm: docker_gwbridge could not be removed in 60 s ({err}); bench/run restarts dockerd at exit")
    with open(os.environ.get("BENCH_RESTART_DOCKERD_FLAG", "/dev/null"), "a") as f:
        f.write("docker_gwbridge (after swarm leave)\n")


def cleanup_only():
    """Removes whatever a previous, interrupted run left: bench containers/networks, swarm stacks."""
    e = Engine()
    run(["docker", "stack", "rm", "sbs"], check=False)
    run(["docker", "stack", "rm", "sbsr"], check=False)
    stop_private_engine(BENCH_NAME)
    n = sweep(e, label=f"{BENCH_LABEL}=1")
    # stackd's objects of bench stacks, if a stackd died before deleting them
    for c in e.call("GET", "/containers/json" + e.q(all=1, filters={"label": ["dev.stackd.stack"]})):
        if c["Labels"].get("dev.stackd.stack", "").startswith("bench-"):
            e.remove_container(c["Id"])
            n += 1
    for net in e.networks(labels=["dev.stackd.stack"]):
        if net.get("Labels", {}).get("dev.stackd.stack", "").startswith("bench-"):
            remove_network(e, net)
    log(f"cleanup: removed {n} containers")
    if STALE_NETWORKS:
        with open(os.environ.get("BENCH_RESTART_DOCKERD_FLAG", "/dev/null"), "a") as f:
            f.write("networks with stale endpoints: " + " ".join(sorted(STALE_NETWORKS)) + "\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", required=True)
    p.add_argument("--phases", default="startup,converge,repair,noop,api,steady,swarm")
    p.add_argument("--no-stackd", action="store_true")
    p.add_argument("--systems", default="engine,compose,stackd,swarm", help="for development: a subset")
    p.add_argument("--cleanup-only", action="store_true")
    p.add_argument("--steady-sizes", dest="steady_sizes_cli", default=None,
                   help="container counts for the steady state (default 20,200,500), each N or STACKSxPER")
    p.add_argument("--steady-engine", choices=("host", "private"), default="host",
                   help="private: the steady state against a private dockerd (bench/lib/dockerd.py)")
    p.add_argument("--steady-nmt", action="store_true", help="NMT summary and heap histogram per steady size")
    p.add_argument("--steady-jvm-compare", type=int, default=None,
                   help="at this many containers, also fresh JVMs with the flags before and after the heap sizing")
    a = p.parse_args()
    a.phases = a.phases.split(",")
    a.systems = a.systems.split(",")
    if a.cleanup_only:
        cleanup_only()
        return
    a.repeats = 3 if a.quick else 5
    a.sizes = [10] if a.quick else [10, 50]
    a.steady_sizes = [20, 50] if a.quick else [20, 200, 500]
    if a.steady_sizes_cli:
        a.steady_sizes = a.steady_sizes_cli.split(",")
    # N: stacks of 10 up to 20 stacks, then larger stacks (each stack has its own network, and the host engine's
    # default address pools hold about 30 bridge networks); STACKSxPER: as given
    a.steady_layouts = []
    for x in a.steady_sizes:
        if "x" in str(x):
            st, per = (int(v) for v in str(x).split("x"))
        else:
            st = max(1, min(int(x) // 10, STEADY_MAX_STACKS))
            per = int(x) // st
        a.steady_layouts.append((st, per))
    a.steady_cpu_size = 50 if a.quick else 200
    a.steady_window = 35 if a.quick else 120
    a.steady_resyncs = 1 if a.quick else 5
    a.no_repair_window = 10
    a.stackd_repair_timeout = 35
    a.swarm_repair_timeout = 30
    os.makedirs(a.out, exist_ok=True)
    util.LOG = open(os.path.join(a.out, "bench.log"), "a")
    # a TERM (bench/run's trap, a CI timeout) unwinds like Ctrl-C, so the finally below stops the stackd daemons
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    r = Run(a)
    r.results["parallelism"] = PARALLELISM
    try:
        r.main()
    finally:
        r.cleanup()
        r.save()


if __name__ == "__main__":
    main()
