"""The systems compared: the engine's limit (Engine API, bounded parallelism), docker-compose, Swarm, stackd.
Each can bring a stack up and take it down; the time is always read through the engine (a poller)."""
import concurrent.futures as cf
import os
import time

import stacks
from engine import BENCH_LABEL, EngineError
from util import log, run, wait_until

PARALLELISM = 8  # the engine-limit client's bounded parallelism


def bench_labels(system):
    return [f"{BENCH_LABEL}=1", f"{BENCH_LABEL}.sys={system}"]


def count_running(engine, system):
    return len(engine.containers(bench_labels(system), all=False, status="running"))


def wait_running(engine, system, n, timeout, interval=0.02):
    return wait_until(lambda: count_running(engine, system) >= n, timeout, interval)[1]


def sweep(engine, system=None, label=None):
    """Removes every container, then every network, that carries the bench label (or one system's)."""
    labels = bench_labels(system) if system else [label or f"{BENCH_LABEL}=1"]
    cs = engine.containers(labels, all=True)
    with cf.ThreadPoolExecutor(PARALLELISM) as ex:
        list(ex.map(lambda c: engine.remove_container(c["Id"]), cs))
    for n in engine.networks(labels=labels):
        try:
            remove_network(engine, n)
        except EngineError as e:
            log("sweep: network", n["Name"], e)
    return len(cs)


STALE_NETWORKS = set()  # networks the engine would not remove: "has active endpoints" with none attached


def remove_network(engine, net):
    """Removes a network. Docker 20.10 sometimes keeps a network's endpoint count after all its containers are
    removed ("has active endpoints", with no container attached; moby/moby#43286): neither a forced disconnect
    by the old containers' names nor `network prune` removes it then, only a restart of dockerd, which bench/run
    does at exit. Such networks are kept in STALE_NETWORKS instead of failing the run."""
    try:
        engine.remove_network(net["Id"])
    except EngineError as e:
        if e.status != 403 or "active endpoints" not in str(e):
            raise
        STALE_NETWORKS.add(net["Name"])
        log(f"sweep: the engine keeps network {net['Name']} with stale endpoints (moby/moby#43286); "
            "bench/run restarts dockerd at exit to remove it")


def wait_gone(engine, system, timeout=60):
    def gone():
        return not engine.containers(bench_labels(system), all=True) and not engine.networks(
            labels=bench_labels(system))
    return wait_until(gone, timeout, 0.1)[1] is not None


# --- engine limit --------------------------------------------------------------------------------------
class EngineLimit:
    """The same containers created and started directly through the Engine API (POST /containers/create,
    POST /containers/{id}/start) from a thread pool of PARALLELISM, dependencies first: the fastest a
    client can make this engine run them."""
    name = "engine"

    def __init__(self, engine, image):
        self.engine = engine
        self.image = image
        self.runs = 0

    def _labels(self, extra=None):
        lab = {BENCH_LABEL: "1", f"{BENCH_LABEL}.sys": self.name}
        lab.update(extra or {})
        return lab

    def create_network(self, name):
        r = self.engine.call("POST", "/networks/create", {"Name": name, "CheckDuplicate": True,
                                                          "Labels": self._labels()})
        return r["Id"]

    def create_start(self, cname, net, alias, cmd=stacks.SLEEP_CMD, restart=None, health=False, extra=None):
        cfg = {"Image": self.image, "Cmd": cmd, "Labels": self._labels(extra),
               "HostConfig": {"NetworkMode": net},
               "NetworkingConfig": {"EndpointsConfig": {net: {"Aliases": [alias]}}}}
        if restart:
            cfg["HostConfig"]["RestartPolicy"] = {"Name": restart}
        if health:
            cfg["Healthcheck"] = {"Test": ["CMD", "test", "-f", "/tmp/ok"], "Interval": 10**9,
                                  "Timeout": 5 * 10**9, "Retries": 1}
        r = self.engine.call("POST", "/containers/create" + self.engine.q(name=cname), cfg)
        self.engine.call("POST", f"/containers/{r['Id']}/start")
        return r["Id"]

    def up(self, n):
        deps = stacks.service_deps(n)
        # a network name per run: a network the engine fails to remove (see remove_network) blocks no later run
        self.runs += 1
        net = f"sbe_net{self.runs}"
        self.create_network(net)
        waves = [[s for s, d in deps.items() if not d], [s for s, d in deps.items() if d]]
        with cf.ThreadPoolExecutor(PARALLELISM) as ex:
            for wave in waves:
                list(ex.map(lambda s: self.create_start(f"sbe_{s}", net, s), wave))

    def down(self):
        sweep(self.engine, self.name)
        return wait_gone(self.engine, self.name)


# --- docker-compose --------------------------------------------------------------------------------------
class Compose:
    name = "compose"
    project = "sbc"

    def __init__(self, engine, image, workdir):
        self.engine = engine
        self.image = image
        self.workdir = workdir

    def up_file(self, text, project=None):
        path = os.path.join(self.workdir, f"{project or self.project}.yml")
        with open(path, "w") as f:
            f.write(text)
        run(["docker-compose", "-p", project or self.project, "-f", path, "up", "-d", "--no-color"],
            timeout=600)

    def up(self, n):
        self.up_file(stacks.converge_file(n, self.image, self.name))

    def down(self):
        # `docker-compose down` would stop (10 s grace) then remove; the result is the same as a forced
        # removal of the project's labelled containers and networks, which is not timed anyway
        sweep(self.engine, self.name)
        return wait_gone(self.engine, self.name)


# --- Swarm ---------------------------------------------------------------------------------------------
class Swarm:
    name = "swarm"
    stack = "sbs"

    def __init__(self, engine, image_id, workdir):
        self.engine = engine
        self.image_id = image_id
        self.workdir = workdir

    def deploy(self, text, stack=None):
        path = os.path.join(self.workdir, f"{stack or self.stack}.yml")
        with open(path, "w") as f:
            f.write(text)
        run(["docker", "stack", "deploy", "--resolve-image", "never", "-c", path, stack or self.stack],
            timeout=600)

    def up(self, n):
        self.deploy(stacks.converge_file(n, self.image_id, self.name, swarm=True))

    def down(self, stack=None):
        run(["docker", "stack", "rm", stack or self.stack], check=False)
        ok = wait_gone(self.engine, self.name, timeout=90)
        if not ok:
            log("swarm: stack rm left objects behind; sweeping")
            sweep(self.engine, self.name)
        return ok


# --- stackd --------------------------------------------------------------------------------------------
class StackdSystem:
    name = "stackd"
    stack = "bench-conv"

    def __init__(self, engine, image, sd):
        self.engine = engine
        self.image = image
        self.sd = sd
        self.last_api = None

    def up(self, n):
        t0 = time.monotonic()
        self.sd.apply(self.stack, stacks.converge_file(n, self.image, self.name))
        self.last_api = time.monotonic() - t0

    def down(self, stack=None):
        name = stack or self.stack
        self.sd.delete(name)
        ok = wait_gone(self.engine, self.name, timeout=90)
        # the stack record stays (deleting) until stackd has finished; an apply meanwhile is a 409
        if wait_until(lambda: self.sd.stack(name)[0] == 404, 60, 0.05)[1] is None:
            log(f"stackd: stack {name} still listed 60 s after DELETE")
            ok = False
        if not ok:
            log("stackd: DELETE left objects behind after 90 s; sweeping")
            sweep(self.engine, self.name)
        return ok
