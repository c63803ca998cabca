"""The stacks the scenarios apply, what the harness sent and what stackd acknowledged, and the invariants checked
at the end of every scenario."""
import json
import os
import re
import secrets
import time

LABEL = "stackd.rel"  # not dev.stackd.*: those label keys are stackd's own, refused in a stack
IMAGE = "stackd-rel/busybox:1"
TEMP_SUFFIX = "-stackd-new"  # controller/engine/Names.java: a recreated container's name until the old one is gone
# On SIGTERM the main process exits 143, as a process without a handler does: a `restart: "no"` container that
# exits 0 is a completed one-shot for stackd (README), which it leaves alone, even when the exit came from the
# engine's own shutdown. PID 1 ignores SIGTERM without a trap; with it a stop takes milliseconds, not 10 s.
SLEEP_CMD = ["sh", "-c", "trap 'exit 143' TERM; sleep 1000000 & wait"]
SERVICES = ("db", "app", "web")  # web depends_on app, app depends_on db; db mounts the named volume `data`
SEED_FILE = "rel-seed"


def q(v):
    return json.dumps(v)


class StackModel:
    """One stack as the harness wants it: a mark per service (an environment value; a new mark is a new spec, so
    the service's containers are recreated), app's scale, the restart policy."""

    def __init__(self, name, scenario, app_scale=2, restart="always", single=None):
        self.name = name
        self.scenario = scenario
        self.app_scale = app_scale
        self.restart = restart
        self.single = single  # (service, scale): one service only (the storm's stacks)
        self.marks = {}
        self.renew(*self.services())

    def services(self):
        return (self.single[0],) if self.single else SERVICES

    def scale(self, svc):
        if self.single:
            return self.single[1]
        return self.app_scale if svc == "app" else 1

    def renew(self, *svcs):
        for s in svcs:
            self.marks[s] = secrets.token_hex(4)

    def copy(self):
        c = StackModel.__new__(StackModel)
        c.__dict__ = dict(self.__dict__, marks=dict(self.marks))
        return c

    def yaml(self):
        labels = f"{{{LABEL}: {q('1')}, {LABEL}.scenario: {q(self.scenario)}}}"
        # replicas are replaced one at a time (update_config's defaults) after running `monitor`: 1 s, not the
        # default 5 s, so that a rollout of app's replicas takes ~5 s, not ~18 s: the faults still meet rollouts
        # under way, and the suite does not wait out 4 s per replica (issue 9: within 30 minutes)
        lines = ["x-stackd:", "  update_config: {monitor: 1s}", "services:"]
        for s in self.services():
            # the storm's one service runs in the host's network namespace (network_mode: host): what it measures
            # is the flood of events and the restart throughput. A network namespace of its own, even an empty one
            # (`none`), costs this engine ~0.45 s a start on this machine (a start 0.80 s with `none`, 0.36 s with
            # `host`, serially on the idle engine); a user network adds three re-execs of dockerd per start
            lines += [f"  {s}:", f"    image: {q(IMAGE)}", f"    command: {q(SLEEP_CMD)}",
                      f"    environment: {{REL_MARK: {q(self.marks[s])}}}", f"    labels: {labels}",
                      "    network_mode: host" if self.single else "    networks: [net]", f"    restart: {q(self.restart)}"]
            if self.scale(s) != 1:
                lines.append(f"    scale: {self.scale(s)}")
            if s == "db":
                lines.append('    volumes: ["data:/data"]')
            if s == "app":
                lines.append("    depends_on: [db]")
            if s == "web":
                lines.append("    depends_on: [app]")
        if not self.single:
            lines += ["networks:", f"  net: {{labels: {labels}}}"]
            lines += ["volumes:", f"  data: {{labels: {labels}}}"]
        return "\n".join(lines) + "\n"


class Ledger:
    """What was sent to stackd and what it acknowledged, per stack. An apply or delete that got no answer (stackd
    was killed, the disk was full) may or may not have been stored: it stays an attempt, and the stored state may be
    the last acknowledged one or any attempt made after it."""

    def __init__(self):
        self.acked = {}  # name -> ("apply", StackModel, generation) | ("delete", None, None)
        self.attempts = {}  # name -> [("apply", StackModel) | ("delete", None)] since the last ack
        self.counts = {"applies_acked": 0, "deletes_acked": 0, "unanswered": 0, "refused": {}}

    def apply(self, sd, model, timeout=30):
        self.attempts.setdefault(model.name, []).append(("apply", model))
        try:
            st, data = sd.request("PUT", f"/api/v1/stacks/{model.name}", body=model.yaml().encode(),
                                  content_type="application/yaml", timeout=timeout)
        except OSError:
            self.counts["unanswered"] += 1
            return None, None
        if st in (200, 201):
            gen = json.loads(data)["generation"]
            self.acked[model.name] = ("apply", model, gen)
            self.attempts[model.name] = []
            self.counts["applies_acked"] += 1
        else:
            self.counts["refused"][st] = self.counts["refused"].get(st, 0) + 1
            if st in (400, 401, 404, 413, 415, 422):
                # the suite's own stack was refused: every later check would pass on nothing
                raise RuntimeError(f"apply of {model.name} refused: {st} {data[:500]!r}")
        return st, data

    def delete(self, sd, name, timeout=30):
        self.attempts.setdefault(name, []).append(("delete", None))
        try:
            st, data = sd.request("DELETE", f"/api/v1/stacks/{name}", timeout=timeout)
        except OSError:
            self.counts["unanswered"] += 1
            return None, None
        if st in (202, 404):
            self.acked[name] = ("delete", None, None)
            self.attempts[name] = []
            self.counts["deletes_acked"] += 1
        else:
            self.counts["refused"][st] = self.counts["refused"].get(st, 0) + 1
        return st, data

    def model(self, name):
        """The last acknowledged model of a stack, or None if it was deleted."""
        a = self.acked.get(name)
        return a[1] if a and a[0] == "apply" else None

    def names(self):
        return sorted(self.acked)


def stored_marks(stack_json):
    """{service: REL_MARK} of a stack as stackd returns it (GET /api/v1/stacks/{name}: its normalised spec)."""
    spec = stack_json.get("spec") or {}
    services = spec.get("services") or {}
    items = services.items() if isinstance(services, dict) else ((s.get("name"), s) for s in services)
    out = {}
    for name, s in items:
        env = s.get("environment") or {}
        if isinstance(env, list):
            env = dict(e.split("=", 1) for e in env if "=" in e)
        out[name] = env.get("REL_MARK")
    return out


def converged_in_stackd(sd, ledger):
    """Every stack stackd should hold is Ready at its generation with nothing in progress; every deleted one is gone."""
    try:
        st, data = sd.get("/api/v1/stacks", timeout=10)
    except OSError:
        return False
    if st != 200:
        return False
    doc = json.loads(data)
    items = {s["name"]: s for s in (doc.get("items", doc) if isinstance(doc, dict) else doc)}
    for name in ledger.names():
        want_present = ledger.acked[name][0] == "apply" or any(a[0] == "apply" for a in ledger.attempts.get(name, []))
        s = items.get(name)
        if s is None:
            if ledger.acked[name][0] == "apply" and not any(a[0] == "delete" for a in ledger.attempts.get(name, [])):
                return False
            continue
        if not want_present or s.get("deleting"):
            return False
        if s.get("observedGeneration") != s.get("generation") or s["summary"]["ready"] != "True":
            return False
        if s["summary"].get("progressing") == "True":  # a rollout under way: the old replicas are ready too
            return False
    return True


def running_matches(engine, sd, ledger):
    """The engine runs what stackd holds (counts only; the full check is check_invariants)."""
    for name in ledger.names():
        try:
            st, data = sd.get(f"/api/v1/stacks/{name}", timeout=10)
        except OSError:
            return False
        cs = engine.containers([f"dev.stackd.stack={name}"], all=True)
        if st == 404:
            if cs:
                return False
            continue
        marks = stored_marks(json.loads(data))
        model = ledger.model(name) or next(a[1] for a in reversed(ledger.attempts[name]) if a[0] == "apply")
        for svc in marks:
            n = sum(1 for c in cs if c["Labels"].get("dev.stackd.service") == svc and c["State"] == "running")
            if n != model.scale(svc):
                return False
        if any(c["State"] != "running" for c in cs):
            return False
    return True


def wait_converged(engine, sd, ledger, timeout, settle=1.0):
    """Seconds until stackd reports every stack converged and the engine runs what it holds, and both still hold
    settle seconds later (the time of the first), or None. One look is not enough: right after a restart of stackd
    or of the engine the stored status is the one from before, Ready, until the first reconcile writes its own
    (Progressing, with the operations it is running), and a container may be running again before that write."""
    t0 = time.monotonic()
    first = None
    while time.monotonic() - t0 < timeout:
        if converged_in_stackd(sd, ledger) and running_matches(engine, sd, ledger):
            if first is None:
                first = time.monotonic()
            if time.monotonic() - first >= settle:
                return first - t0
        else:
            first = None
        time.sleep(0.25)
    return None


def check_invariants(engine, sd, ledger, volume_seeds, scenario=None):
    """Every invariant of the suite, as a list of failures (empty: all hold); scenario: only its containers are
    looked at for temporary names (another scenario running beside it may be in the middle of a recreate)."""
    fails = []
    all_cs = engine.containers([f"{LABEL}.scenario={scenario}" if scenario else f"{LABEL}=1"], all=True)
    for c in all_cs:
        name = c["Names"][0].lstrip("/")
        if name.endswith(TEMP_SUFFIX):
            fails.append(f"container {name} left under a temporary name ({c['State']})")
    for name in ledger.names():
        kind, model, gen = ledger.acked[name]
        later = ledger.attempts.get(name, [])
        st, data = sd.get(f"/api/v1/stacks/{name}", timeout=10)
        cs = engine.containers([f"dev.stackd.stack={name}"], all=True)
        if st == 404:
            if kind == "apply" and not any(a[0] == "delete" for a in later):
                fails.append(f"{name}: acknowledged apply (generation {gen}) missing from the store")
            if cs:
                fails.append(f"{name}: deleted, but {len(cs)} containers remain")
            continue
        if st != 200:
            fails.append(f"{name}: GET answered {st}")
            continue
        doc = json.loads(data)
        marks = stored_marks(doc)
        candidates = ([model] if kind == "apply" else []) + [a[1] for a in later if a[0] == "apply"]
        match = next((m for m in candidates if m.marks == marks), None)
        if match is None:
            fails.append(f"{name}: stored spec {marks} is neither the acknowledged one nor a later attempt")
            continue
        if kind == "apply" and match is model and doc["generation"] != gen:
            fails.append(f"{name}: acknowledged at generation {gen}, stored at {doc['generation']} with the same spec")
        if kind == "apply" and doc["generation"] < gen:
            fails.append(f"{name}: stored generation {doc['generation']} is older than the acknowledged {gen}")
        if doc.get("observedGeneration") != doc.get("generation") or doc["summary"]["ready"] != "True":
            fails.append(f"{name}: not converged: generation {doc.get('generation')}, observed "
                         f"{doc.get('observedGeneration')}, ready {doc['summary']}")
        replicas = {}
        for c in cs:
            key = (c["Labels"].get("dev.stackd.service"), c["Labels"].get("dev.stackd.replica"))
            replicas.setdefault(key, []).append(c["Names"][0].lstrip("/"))
        for key, names in replicas.items():
            if len(names) > 1:
                fails.append(f"{name}: duplicate replica {key}: {names}")
        for svc, mark in marks.items():
            mine = [c for c in cs if c["Labels"].get("dev.stackd.service") == svc]
            running = [c for c in mine if c["State"] == "running"]
            if len(running) != match.scale(svc) or len(mine) != len(running):
                fails.append(f"{name}: service {svc}: {len(running)} running of {len(mine)}, want {match.scale(svc)}")
            for c in mine:
                env = engine.inspect(c["Id"])["Config"]["Env"] or []
                if f"REL_MARK={mark}" not in env:
                    fails.append(f"{name}: container {c['Names'][0]} runs an older spec than the stored one")
    for vol, (path, token) in volume_seeds.items():
        try:
            with open(path) as f:
                if f.read() != token:
                    fails.append(f"volume {vol}: the seed file changed")
        except OSError as e:
            fails.append(f"volume {vol}: the seed file is gone ({e.strerror})")
    return fails


def seed_volumes(engine, names, seeds):
    """Writes a file with a random token into each stack's named volume (from the host, through its mount point);
    check_invariants reads it back."""
    vols = engine.call("GET", "/volumes" + engine.q(filters={"label": [f"{LABEL}=1"]}))["Volumes"] or []
    for v in vols:
        stack = (v.get("Labels") or {}).get("dev.stackd.stack") or v["Name"].rsplit("_", 1)[0]
        if stack in names and v["Name"] not in seeds:
            path = os.path.join(v["Mountpoint"], SEED_FILE)
            token = secrets.token_hex(16)
            with open(path, "w") as f:
                f.write(token)
            seeds[v["Name"]] = (path, token)
    return seeds


def creates_per_spec(events, scenario=None):
    """{(container name without the temporary suffix, spec hash): creates} from the engine's create events (of one
    scenario's containers when given)."""
    out = {}
    for e in events:
        if scenario and e["attrs"].get(f"{LABEL}.scenario") != scenario:
            continue
        if e["type"] == "container" and e["action"] == "create" and LABEL in e["attrs"]:
            base = re.sub(re.escape(TEMP_SUFFIX) + "$", "", e["attrs"].get("name", ""))
            key = (base, e["attrs"].get("dev.stackd.spec-hash", "?"))
            out[key] = out.get(key, 0) + 1
    return out
