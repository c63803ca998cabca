"""The rollout benchmark (issue 12, docs/benchmarks.md "Rollouts").

Two scenarios on a 5-replica busybox httpd service reached by its network alias `site`, while a client container
of the same stack requests the alias in a loop (busybox wget, 2 s timeout, 50 ms apart; each line stamped with the
host's /proc/uptime, which the containers share, so the harness counts exactly the requests inside its window):

- update: a good new spec (another VERSION), with update_config {parallelism: 1, delay: 0s, monitor: 2s, order};
  systems: stackd stop-first and start-first, `docker-compose up -d` (1.29: recreates every changed container, all
  at once; it ignores update_config), `docker stack deploy` on a single-node Swarm stop-first and start-first.
  Measured: from the apply/deploy call to (a) the 5th start of a new-spec container (the engine's own event
  time: every replica runs the new spec; no healthcheck, so running is ready), (b) the last old-spec container
  gone (its `die`), (c) the system saying it is done (stackd: the rollout Completed; Swarm: UpdateStatus
  completed; compose: the command returned); the client's requests and failed requests in [call, (c)].
- rollback: a bad new spec (its command exits 1) with failure_action: rollback, rollback_config {parallelism: 1,
  monitor: 2s}, stop-first; systems: stackd and Swarm. Measured: from the first `die` of a bad-spec container
  (engine event) to every replica back on the old spec (the last old-spec `start` or bad-spec `die`, whichever
  is later, once the system says it rolled back and a list shows 5 old-spec replicas running and none other);
  whether the rollback triggered at all (within --timeout); the old-spec containers stopped (the update's first
  batch stops one: more means good replicas were killed, moby/moby#35498, #37972); bad-spec containers started;
  and, for 10 s after, whether the bad spec is tried again.

Everything carries the label stackd.bench=rollout (containers, networks, the image) and is removed at the end;
a swarm this harness initialised is always left (also by bench/rollout's trap, through <out>/swarm-state).

bench/rollout [--repeats N] [--systems ...] [--scenarios update,rollback] [--out DIR]"""
import argparse
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import leave_swarm  # noqa: E402
from engine import Engine, EngineError, EventRecorder, parse_ts  # noqa: E402
from image import REPO, build_busybox  # noqa: E402
from stackd import Stackd, serve_available  # noqa: E402
from util import log, run, summary, wait_until  # noqa: E402

IMAGE = "stackd-bench/rollout-busybox:1"
# not dev.stackd.*: stackd refuses user labels under its own prefix
LABEL, VALUE = "stackd.bench", "rollout"
ROLE, VERSION, RUN = "stackd.bench.role", "stackd.bench.version", "stackd.bench.run"
REPLICAS = 5
PORT = 8080
MONITOR = "2s"
# the page holds the version; a bad version's command exits 1 at once
GOOD_CMD = f'echo $$VERSION > /tmp/index.html && exec httpd -f -p {PORT} -h /tmp'
BAD_CMD = 'exit 1'
# each request's line: ok|FAIL, the host's uptime when it was sent (shared by every container), the answer
# (not `wget -T 2`: Debian 12's static busybox 1.35 wget segfaults with -T; `timeout 2` bounds it instead)
CLIENT_CMD = ('while true; do read t _ < /proc/uptime; if b=$$(timeout 2 wget -q -O- http://site:%d/ 2>&1); '
              'then echo "ok $$t $$b"; else echo "FAIL $$t $$b"; fi; sleep 0.05; done') % PORT
SYSTEMS = ["stackd stop-first", "stackd start-first", "docker-compose up -d", "swarm stop-first", "swarm start-first"]
ROLLBACK_SYSTEMS = ["stackd", "swarm"]


def uptime():
    with open("/proc/uptime") as f:
        return float(f.read().split()[0])


def q(s):
    return json.dumps(s)  # a JSON string is a YAML scalar


def stack_yaml(kind, run_id, version, order="stop-first", bad=False, failure_action=None, image=IMAGE):
    """kind: stackd, compose (version 2.4, scale: no deploy keys; compose 1.29 ignores them) or swarm (3.8)."""
    labels = lambda role, v: (f"{{{q(LABEL)}: {q(VALUE)}, {q(ROLE)}: {q(role)}, {q(RUN)}: {q(run_id)}"
                              f"{', ' + q(VERSION) + ': ' + q(v) if v else ''}}}")
    out = []
    if kind == "compose":
        out.append('version: "2.4"')
    elif kind == "swarm":
        out.append('version: "3.8"')
    out += ["services:", "  web:", f"    image: {q(image)}",
            f"    command: {q(['sh', '-c', BAD_CMD if bad else GOOD_CMD])}",
            f"    environment: {{VERSION: {q(version)}}}",
            f"    labels: {labels('web', version)}",
            "    stop_grace_period: 1s"]
    if kind == "compose":
        out.append(f"    scale: {REPLICAS}")
    else:
        update = f"parallelism: 1, delay: 0s, monitor: {MONITOR}, order: {order}"
        if failure_action:
            update += f", failure_action: {failure_action}"
        out += ["    deploy:", f"      replicas: {REPLICAS}", f"      update_config: {{{update}}}",
                f"      rollback_config: {{parallelism: 1, monitor: {MONITOR}}}"]
        if kind == "swarm":
            # the alias resolves to the tasks' own addresses, as for stackd and compose: the default virtual IP
            # (IPVS in the overlay's load-balancer namespace) answered "No route to host" on this engine
            out.append("      endpoint_mode: dnsrr")
    out += ["    networks:", "      default:", "        aliases: [site]",
            "  client:", f"    image: {q(image)}", f"    command: {q(['sh', '-c', CLIENT_CMD])}",
            f"    labels: {labels('client', None)}", "    stop_grace_period: 1s",
            "networks:", "  default:", f"    labels: {{{q(LABEL)}: {q(VALUE)}, {q(RUN)}: {q(run_id)}}}"]
    return "\n".join(out) + "\n"


# --- what the engine says ------------------------------------------------------------------------------
class Run:
    """One measurement: its stack, its engine events and its client."""

    def __init__(self, eng, ev, run_id):
        self.eng, self.ev, self.id = eng, ev, run_id

    def web(self, version=None, running=True):
        labels = [f"{RUN}={self.id}", f"{ROLE}=web"] + ([f"{VERSION}={version}"] if version else [])
        return self.eng.containers(labels, all=not running, status="running" if running else None)

    def client(self):
        cs = self.eng.containers([f"{RUN}={self.id}", f"{ROLE}=client"], all=False, status="running")
        return cs[0]["Id"] if cs else None

    def lines(self):
        """The client's requests as (ok, uptime, text)."""
        cid = self.client()
        if not cid:
            return []
        p = run(["docker", "logs", cid], check=False)
        out = []
        for line in p.stdout.splitlines():
            parts = line.split(" ", 2)
            if len(parts) >= 2 and parts[0] in ("ok", "FAIL"):
                try:
                    out.append((parts[0] == "ok", float(parts[1]), parts[2] if len(parts) > 2 else ""))
                except ValueError:
                    pass
        return out

    def wait_serving(self, version, timeout=120):
        """Every replica of `version` running and the client served by it 5 times."""
        def ok():
            return len(self.web(version)) == REPLICAS and sum(1 for g, _, b in self.lines() if g and b == version) >= 5
        if wait_until(ok, timeout, 0.5)[1] is None:
            raise RuntimeError(f"{self.id}: {REPLICAS} replicas of {version} not serving in {timeout} s")

    def events(self, start, action, version):
        return self.ev.find(lambda e: e["type"] == "container" and e["action"] == action
                            and e["attrs"].get(RUN) == self.id and e["attrs"].get(ROLE) == "web"
                            and e["attrs"].get(VERSION) == version, start)

    def window(self, up0, up1):
        reqs = [x for x in self.lines() if up0 <= x[1] <= up1]
        return {"requests": len(reqs), "failed": sum(1 for g, _, _ in reqs if not g),
                "failures": sorted({b.strip()[:80] for g, _, b in reqs if not g})[:5]}

    def gone(self, timeout=120):
        def none():
            return (not self.eng.containers([f"{RUN}={self.id}"], all=True)
                    and not self.eng.networks(labels=[f"{RUN}={self.id}"]))
        return wait_until(none, timeout, 0.5)[1] is not None


def nth_distinct(events, n):
    seen = {}
    for e in events:
        seen.setdefault(e["id"], e)
        if len(seen) >= n:
            return e
    return None


# --- the systems -----------------------------------------------------------------------------------------
class StackdRollout:
    def __init__(self, sd):
        self.sd = sd

    def deploy(self, run_id, text):
        self.sd.apply(run_id, text)

    def status(self, run_id):
        st, doc = self.sd.stack(run_id)
        return (doc or {}).get("status") or {}

    def done(self, run_id, since):
        for s in self.status(run_id).get("services", []):
            r = s.get("rollout") if s.get("name") == "web" else None
            if r and r.get("state") == "Completed" and r.get("generation", 0) >= 2:
                return True
        return False

    def rolled_back(self, run_id, since):
        for c in self.status(run_id).get("conditions", []):
            if c.get("type") == "Progressing" and c.get("status") == "False" and c.get("reason") == "RolledBack":
                return "RolledBack"
        return None

    def state(self, run_id):
        conds = {c.get("type"): f"{c.get('status')} {c.get('reason')}" for c in self.status(run_id).get("conditions", [])}
        return conds.get("Progressing")

    def remove(self, run_id):
        self.sd.delete(run_id)


class SwarmRollout:
    def __init__(self, eng, workdir):
        self.eng, self.workdir = eng, workdir

    def deploy(self, run_id, text):
        path = os.path.join(self.workdir, f"{run_id}.yml")
        with open(path, "w") as f:
            f.write(text)
        run(["docker", "stack", "deploy", "--resolve-image", "never", "-c", path, run_id], timeout=300)

    def update_status(self, run_id, since):
        try:
            s = self.eng.call("GET", f"/services/{run_id}_web")
        except EngineError:
            return None
        u = s.get("UpdateStatus") or {}
        if not u or parse_ts(u.get("StartedAt", "")) < since - 1:
            return None
        return u.get("State")

    def done(self, run_id, since):
        return self.update_status(run_id, since) == "completed"

    def rolled_back(self, run_id, since):
        st = self.update_status(run_id, since)
        return st if st == "rollback_completed" else None

    def state(self, run_id):
        return self.update_status(run_id, 0)

    def remove(self, run_id):
        run(["docker", "stack", "rm", run_id], check=False)


# --- the measurements --------------------------------------------------------------------------------------
def measure_update(system, n, eng, ev, sd, workdir, image_id, timeout):
    kind = "compose" if system.startswith("docker-compose") else system.split()[0]
    order = system.split()[1] if kind != "compose" else None
    run_id = f"broll{kind[:2]}{(order or 'x')[:4].replace('-', '')}{n}"
    r = Run(eng, ev, run_id)
    image = image_id if kind == "swarm" else IMAGE
    yml = lambda v: stack_yaml(kind, run_id, v, order=order or "stop-first", image=image)
    sysobj = StackdRollout(sd) if kind == "stackd" else SwarmRollout(eng, workdir) if kind == "swarm" else None
    compose_file = os.path.join(workdir, run_id, "docker-compose.yml")

    def deploy(v):
        if kind == "compose":
            os.makedirs(os.path.dirname(compose_file), exist_ok=True)
            with open(compose_file, "w") as f:
                f.write(yml(v))
            run(["docker-compose", "-p", run_id, "-f", compose_file, "up", "-d"], timeout=300)
        else:
            sysobj.deploy(run_id, yml(v))

    try:
        deploy("v1")
        r.wait_serving("v1")
        time.sleep(2)  # the first replicas' monitor over, nothing in flight
        olds = {c["Id"] for c in r.web("v1")}
        mark = ev.mark()
        up0, t0 = uptime(), time.time()
        deploy("v2")
        done_at = time.time() if kind == "compose" else None
        while done_at is None and time.time() - t0 < timeout:
            if sysobj.done(run_id, t0):
                done_at = time.time()
                break
            time.sleep(0.1)
        up1 = up0 + ((done_at or time.time()) - t0)
        time.sleep(2.5)  # the client's last requests (2 s timeout) are written
        new5 = nth_distinct(r.events(mark, "start", "v2"), REPLICAS)
        olds_died = [e for e in r.events(mark, "die", "v1") if e["id"] in olds]
        last_old = nth_distinct(olds_died, len(olds)) if olds else None
        res = {"done_s": None if done_at is None else done_at - t0,
               "all_new_s": None if new5 is None else new5["t"] - t0,
               "old_gone_s": None if last_old is None else last_old["t"] - t0,
               "new_running": len(r.web("v2")), "old_running": len(r.web("v1"))}
        res.update(r.window(up0, up1))
        if done_at is None:
            res["error"] = f"not done in {timeout} s (state {sysobj.state(run_id) if sysobj else '?'})"
        return res
    finally:
        if kind == "compose":
            run(["docker-compose", "-p", run_id, "-f", compose_file, "down", "-t", "1"], check=False, timeout=300)
        else:
            sysobj.remove(run_id)
        if not r.gone():
            log(f"{run_id}: still there 120 s after removal; sweeping")
            sweep(eng, f"{RUN}={run_id}")


def measure_rollback(system, n, eng, ev, sd, workdir, image_id, timeout):
    run_id = f"brollback{system[:2]}{n}"
    r = Run(eng, ev, run_id)
    image = image_id if system == "swarm" else IMAGE
    sysobj = StackdRollout(sd) if system == "stackd" else SwarmRollout(eng, workdir)
    yml = lambda v, bad: stack_yaml(system, run_id, v, bad=bad, failure_action="rollback", image=image)
    try:
        sysobj.deploy(run_id, yml("v1", False))
        r.wait_serving("v1")
        time.sleep(2)
        olds = {c["Id"] for c in r.web("v1")}
        mark = ev.mark()
        up0, t0 = uptime(), time.time()
        sysobj.deploy(run_id, yml("bad", True))
        back_at, said = None, None
        while time.time() - t0 < timeout:
            said = sysobj.rolled_back(run_id, t0)
            if said and len(r.web("v1")) == REPLICAS and not r.web("bad"):
                back_at = time.time()
                break
            time.sleep(0.1)
        up1 = up0 + ((back_at or time.time()) - t0)
        t_end = time.time()
        time.sleep(10)  # is the bad spec tried again?
        bad_dies = r.events(mark, "die", "bad")
        first_fail = bad_dies[0]["t"] if bad_dies else None
        in_window = lambda e: e["t"] <= t_end
        back_evs = [e for e in r.events(mark, "start", "v1") + bad_dies if in_window(e)]
        back_t = max(e["t"] for e in back_evs) if back_evs else None
        bad_starts = r.events(mark, "start", "bad")
        res = {"triggered": back_at is not None, "state": sysobj.state(run_id),
               "first_failure_s": None if first_fail is None else first_fail - t0,
               "rollback_s": None if back_at is None or first_fail is None else back_t - first_fail,
               "said_rolled_back_s": None if back_at is None or first_fail is None else back_at - first_fail,
               "old_stopped": len({e["id"] for e in r.events(mark, "die", "v1") if e["id"] in olds}),
               "bad_started": len({e["id"] for e in bad_starts if in_window(e)}),
               "bad_started_after": len({e["id"] for e in bad_starts if not in_window(e)}),
               "old_running_at_end": len(r.web("v1")), "bad_running_at_end": len(r.web("bad"))}
        res.update(r.window(up0, up1))
        if back_at is None:
            res["error"] = f"no rollback in {timeout} s (state {res['state']})"
        return res
    finally:
        sysobj.remove(run_id)
        if not r.gone():
            log(f"{run_id}: still there 120 s after removal; sweeping")
            sweep(eng, f"{RUN}={run_id}")


def sweep(eng, label=f"{LABEL}={VALUE}"):
    for c in eng.containers([label], all=True):
        eng.remove_container(c["Id"])
    for net in eng.networks(labels=[label]):
        try:
            eng.remove_network(net["Id"])
        except EngineError as e:
            log("sweep: network", net["Name"], e)


def summarize(runs, keys):
    return {k: summary([x.get(k) for x in runs]) for k in keys}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--systems", default="stackd,compose,swarm")
    ap.add_argument("--scenarios", default="update,rollback")
    ap.add_argument("--timeout", type=float, default=180)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    want = set(a.systems.split(","))
    scenarios = set(a.scenarios.split(","))
    os.makedirs(a.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="stackd-bench-rollout-")
    eng = Engine()
    build_busybox(IMAGE, LABEL, work, value=VALUE)
    image_id = eng.call("GET", f"/images/{IMAGE}/json")["Id"]
    info = eng.info()
    results = {"started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "repeats": a.repeats,
               "replicas": REPLICAS, "monitor": MONITOR,
               "machine": {"nproc": os.cpu_count(), "load_at_start": open("/proc/loadavg").read().strip(),
                           "docker": info.get("ServerVersion"),
                           "docker_compose": run(["docker-compose", "version", "--short"], check=False).stdout.strip()},
               "update": {}, "rollback": {}, "notes": []}
    results["machine"]["other_containers"] = sum(
        1 for c in eng.call("GET", "/containers/json") if (c.get("Labels") or {}).get(LABEL) != VALUE)
    ev = EventRecorder().start()
    sd = None

    def record(scenario, system, fn, n):
        try:
            res = fn(system, n, eng, ev, sd, work, image_id, a.timeout)
        except Exception as e:  # noqa: BLE001 - reported with the run
            res = {"error": repr(e)[:300]}
        res["load1"] = float(open("/proc/loadavg").read().split()[0])
        log(f"{scenario} {system} #{n}: {json.dumps(res)}")
        results[scenario].setdefault(system, []).append(res)
        with open(os.path.join(a.out, "partial.json"), "w") as fh:  # what an interrupted run measured
            json.dump(results, fh, indent=1)

    try:
        if "stackd" in want and serve_available(REPO):
            sd = Stackd(REPO, os.path.join(work, "stackd"), pid_file=os.path.join(a.out, "stackd.pids"))
            sd.start()
        local = [s for s in SYSTEMS if s.split()[0].replace("docker-", "") in want
                 and s.startswith(("stackd", "docker-compose")) and (sd or not s.startswith("stackd"))]
        for n in range(a.repeats):
            if "update" in scenarios:
                for s in local:
                    record("update", s, measure_update, n)
            if "rollback" in scenarios and sd:
                record("rollback", "stackd", measure_rollback, n)
        if sd:
            sd.stop()
            sd = None
        if "swarm" in want:
            state = info.get("Swarm", {}).get("LocalNodeState")
            if state != "inactive":
                results["notes"].append(f"swarm: the engine is already in swarm state '{state}': Swarm not measured")
            else:
                gw_before = bool(eng.networks(name="docker_gwbridge"))
                with open(os.path.join(a.out, "swarm-state"), "w") as f:
                    f.write(f"gwbridge_before={int(gw_before)}\n")
                run(["docker", "swarm", "init", "--advertise-addr", "127.0.0.1"])
                try:
                    for n in range(a.repeats):
                        if "update" in scenarios:
                            for s in ("swarm stop-first", "swarm start-first"):
                                record("update", s, measure_update, n)
                        if "rollback" in scenarios:
                            record("rollback", "swarm", measure_rollback, n)
                finally:
                    leave_swarm(eng, gw_before)
                    os.remove(os.path.join(a.out, "swarm-state"))
    finally:
        if sd:
            sd.stop()
        ev.close()
        sweep(eng)
    results["machine"]["load_at_end"] = open("/proc/loadavg").read().strip()
    loads = [x["load1"] for sc in ("update", "rollback") for v in results[sc].values() for x in v if "load1" in x]
    if loads:
        results["machine"]["load_runs"] = f"{min(loads):.1f}–{max(loads):.1f}"
    results["summary"] = {
        "update": {k: summarize(v, ["all_new_s", "old_gone_s", "done_s", "requests", "failed"])
                   for k, v in results["update"].items()},
        "rollback": {k: summarize(v, ["first_failure_s", "rollback_s", "said_rolled_back_s", "old_stopped",
                                      "bad_started", "bad_started_after", "requests", "failed"])
                     for k, v in results["rollback"].items()}}
    with open(os.path.join(a.out, "results.json"), "w") as fh:
        json.dump(results, fh, indent=1)
    print(json.dumps(results["summary"], indent=1))


if __name__ == "__main__":
    main()
