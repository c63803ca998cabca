"""The lateness of scheduled jobs (issue 14): from each run's fire time to its container's start. Run through bench/jobs.

A job with `@every 2s` and history.succeeded 60 runs N times (50). stackd writes each run's fire time into the run
container's label dev.stackd.job-run, and the time of the reconcile that decided to create it into
dev.stackd.job-created; the engine records State.StartedAt. The lateness is StartedAt - fire time, read after the
runs from the kept run containers themselves; while the runs happen the driver asks stackd's API for the job's
status once every 2 s and nothing else. Two scenarios: a quiet stackd with the job's stack alone, and the same
with 20 stacks of 3 normal services reconciling in the background (one of them re-applied with a changed
environment every second, so that stackd recreates 3 containers a second while the job fires).

Everything it creates carries the label stackd.bench.sys=jobs (containers) or belongs to a stack named bjobs-*
(networks), and is removed at the end, also after a failure or Ctrl-C."""
import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import stacks  # noqa: E402
from engine import BENCH_LABEL, Engine, parse_ts  # noqa: E402
from image import build_busybox  # noqa: E402
from stackd import Stackd  # noqa: E402
from systems import remove_network, sweep  # noqa: E402
from util import log, percentile, wait_until  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
IMAGE = "stackd-bench-jobs/busybox:1"  # its own tag: bench/run removes stackd-bench/busybox:1 at its exit
SYSTEM = "jobs"
PREFIX = "bjobs-"
SCHEDULE = "@every 2s"
BACKGROUND_STACKS = 20
BACKGROUND_SERVICES = 3
JOB_RUN = "dev.stackd.job-run"
JOB_CREATED = "dev.stackd.job-created"
JOB_TRIGGER = "dev.stackd.job-trigger"
STACK_LABEL = "dev.stackd.stack"


def job_file(image, runs):
    return "\n".join([
        "services:",
        "  tick:",
        f"    image: {stacks.q(image)}",
        f"    command: {stacks.q(['true'])}",
        "    labels:",
        f"      {BENCH_LABEL}: {stacks.q('1')}",
        f"      {BENCH_LABEL}.sys: {stacks.q(SYSTEM)}",
        "    x-stackd:",
        f"      schedule: {stacks.q(SCHEDULE)}",
        # every run is kept, so that all of them can be read at the end
        f"      history: {{succeeded: {runs + 10}, failed: 10}}",
    ]) + "\n"


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=30).stdout.strip()
    except Exception:  # noqa: BLE001
        return "?"


class JobsBench:
    def __init__(self, args):
        self.args = args
        self.engine = Engine()
        self.work = tempfile.mkdtemp(prefix="stackd-bench-jobs-")
        self.sd = None
        self.results = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "schedule": SCHEDULE,
                        "runs": args.runs, "scenarios": {}}

    def machine(self):
        v = self.engine.version()
        info = self.engine.info()
        ours = len(self.engine.containers([f"{BENCH_LABEL}.sys={SYSTEM}"], all=False))
        return {
            "nproc": sh("nproc"), "cpu": sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"),
            "memory": sh("free -h | awk '/Mem:/{print $2}'"), "kernel": platform.release(),
            "os": sh(". /etc/os-release && echo $PRETTY_NAME"),
            "docker": f"{v.get('Version')} (API {v.get('ApiVersion')}), storage {info.get('Driver')}",
            "java": sh(f"'{os.environ.get('JAVA_HOME', '')}/bin/java' -version 2>&1 | head -1"),
            "loadavg": sh("cat /proc/loadavg"),
            "other_containers_running": len(self.engine.call("GET", "/containers/json")) - ours,
            "other_dockerds": int(sh("pgrep -xc dockerd") or 0) - 1,
            "other_java_processes": int(sh("pgrep -xc java") or 0),  # before this run's stackd starts
        }

    # -- the job's runs ---------------------------------------------------------------------------------
    def runs_of(self, stack):
        """The job's run containers, inspected: fire time, decision time, start, outcome."""
        out = []
        for c in self.engine.containers([f"{STACK_LABEL}={stack}", JOB_RUN], all=True):
            i = self.engine.inspect(c["Id"])
            labels = i["Config"]["Labels"]
            out.append({"name": i["Name"].lstrip("/"), "trigger": labels.get(JOB_TRIGGER),
                        "fire": parse_ts(labels[JOB_RUN]), "decided": parse_ts(labels.get(JOB_CREATED)),
                        "created": parse_ts(i["Created"]), "started": parse_ts(i["State"]["StartedAt"]),
                        "exit": i["State"]["ExitCode"], "status": i["State"]["Status"]})
        return sorted(out, key=lambda r: r["fire"])

    def job_status(self, stack):
        st, data = self.sd.get(f"/api/v1/stacks/{stack}/jobs")
        if st != 200:
            return None
        jobs = json.loads(data)["jobs"]
        return jobs[0] if jobs else None

    def measure(self, stack):
        """Applies the job's stack, waits for N finished runs (the job's status, every 2 s), reads them."""
        n = self.args.runs
        self.sd.apply(stack, job_file(IMAGE, n))
        t0 = time.monotonic()
        deadline = self.args.scenario_timeout
        last = {}

        def done():
            s = self.job_status(stack)
            last["status"] = s
            ended = [r for r in (s or {}).get("runs", []) if r.get("state") in ("exited", "dead")]
            return s if len(ended) >= n else None
        status, _ = wait_until(done, deadline, 2.0)
        if status is None:
            # a loaded engine may start fewer runs than asked in the time given: those that ran are reported, as such
            status = last.get("status") or {}
            log(f"{stack}: fewer than {n} runs ended in {deadline} s: reporting those that did")
        took = time.monotonic() - t0
        # the job is suspended (re-applied so) before its runs are read: no run is created while they are
        self.sd.apply(stack, job_file(IMAGE, n).replace("      history:", "      suspend: true\n      history:"))
        runs = [r for r in self.runs_of(stack) if r["trigger"] == "schedule" and r["started"] > 0][:n]
        late = [r["started"] - r["fire"] for r in runs]
        woken = [r["decided"] - r["fire"] for r in runs if r["decided"]]
        engine_part = [r["started"] - r["decided"] for r in runs if r["decided"]]
        fires = [r["fire"] for r in runs]
        gaps = [b - a for a, b in zip(fires, fires[1:])]
        res = {
            "runs": len(runs), "runs_asked": n, "took_s": took,
            "lateness": stat(late), "woken": stat(woken), "create_to_start": stat(engine_part),
            "failed_runs": sum(1 for r in runs if r["exit"] != 0),
            # a gap of 4 s between two fire times acted on: one fire time between them had no run
            "missed_fire_times": sum(round(g / 2.0) - 1 for g in gaps if g > 2.5),
            "skipped": status.get("skipped", 0),
            "first_fire": time.strftime("%H:%M:%S", time.gmtime(fires[0])) if fires else None,
            "values": late,
        }
        log(f"{stack}: {len(runs)} runs, lateness median {res['lateness'].get('median', 0) * 1000:.0f} ms, "
            f"p90 {res['lateness'].get('p90', 0) * 1000:.0f} ms, max {res['lateness'].get('max', 0) * 1000:.0f} ms, "
            f"skipped {res['skipped']}, missed {res['missed_fire_times']}")
        return res

    # -- the background -------------------------------------------------------------------------------
    def background_up(self):
        names = [f"{PREFIX}bg{i:02d}" for i in range(BACKGROUND_STACKS)]
        for name in names:
            self.sd.apply(name, stacks.small_file(BACKGROUND_SERVICES, IMAGE, SYSTEM))
        want = BACKGROUND_STACKS * BACKGROUND_SERVICES
        ok, _ = wait_until(lambda: len(self.engine.containers([f"{BENCH_LABEL}.sys={SYSTEM}"], all=False,
                                                              status="running")) >= want, 300, 0.5)
        if not ok:
            raise RuntimeError(f"the {want} background containers did not all run in 300 s")
        return names

    def churn(self, names, stop, counter):
        """Re-applies one background stack a second with a new environment value: 3 containers recreated."""
        k = 0
        while not stop.wait(1.0):
            k += 1
            try:
                self.sd.apply(names[k % len(names)], stacks.small_file(BACKGROUND_SERVICES, IMAGE, SYSTEM, env_value=str(k)))
                counter["applies"] += 1
            except Exception as e:  # noqa: BLE001 - counted, the measurement goes on
                counter["errors"] += 1
                log("churn:", e)

    # -- run ------------------------------------------------------------------------------------------
    def run(self):
        self.results["machine"] = self.machine()
        build_busybox(IMAGE, f"{BENCH_LABEL}.jobs", self.work)
        self.sd = Stackd(REPO, os.path.join(self.work, "stackd"), log_path=os.path.join(self.args.out, "stackd.log"))
        self.sd.start(timeout=300)  # a niced JVM on a loaded 2-core machine: a minute was not always enough
        log("stackd ready on port", self.sd.port)

        self.results["scenarios"]["quiet"] = self.measure(f"{PREFIX}quiet")
        self.delete_all()

        names = self.background_up()
        stop, counter = threading.Event(), {"applies": 0, "errors": 0}
        churn = threading.Thread(target=self.churn, args=(names, stop, counter), daemon=True)
        churn.start()
        try:
            busy = self.measure(f"{PREFIX}busy")
        finally:
            stop.set()
            churn.join(10)
        busy["background"] = {"stacks": BACKGROUND_STACKS, "containers": BACKGROUND_STACKS * BACKGROUND_SERVICES,
                              "re_applies": counter["applies"], "apply_errors": counter["errors"]}
        self.results["scenarios"]["busy"] = busy
        self.results["machine"]["loadavg_at_end"] = sh("cat /proc/loadavg")
        self.results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

    def delete_all(self):
        for name in self.sd.stacks():
            self.sd.delete(name)
        wait_until(lambda: not self.sd.stacks(), 180, 0.5)

    def cleanup(self):
        log("cleaning up (stacks bjobs-*, label stackd.bench.sys=jobs)")
        if self.sd:
            try:
                if self.sd.running():
                    self.delete_all()
            except Exception as e:  # noqa: BLE001
                log("deleting the stacks:", e)
            self.sd.stop()  # its own process, by its pid
        sweep(self.engine, system=SYSTEM)
        for c in self.engine.containers([STACK_LABEL], all=True):
            if c["Labels"].get(STACK_LABEL, "").startswith(PREFIX):
                self.engine.remove_container(c["Id"])
        for n in self.engine.networks(labels=[STACK_LABEL]):
            if n["Labels"].get(STACK_LABEL, "").startswith(PREFIX):
                try:
                    remove_network(self.engine, n)
                except Exception as e:  # noqa: BLE001
                    log("network", n["Name"], e)
        subprocess.run(["docker", "image", "rm", IMAGE], capture_output=True)
        shutil.rmtree(self.work, ignore_errors=True)


def stat(xs):
    if not xs:
        return {"n": 0}
    return {"n": len(xs), "median": percentile(xs, 50), "p90": percentile(xs, 90), "min": min(xs), "max": max(xs)}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--runs", type=int, default=50)
    p.add_argument("--scenario-timeout", type=int, default=900, help="seconds per scenario for its runs")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    b = JobsBench(args)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        b.run()
    finally:
        b.cleanup()
        with open(os.path.join(args.out, "results.json"), "w") as f:
            json.dump(b.results, f, indent=1)
    log("results in", os.path.join(args.out, "results.json"))


if __name__ == "__main__":
    main()
