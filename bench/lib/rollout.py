"""The rollout benchmark (issue 12): an update of a 5-replica httpd service reached by its network alias, while a
client container on the same network requests the alias in a loop (busybox wget, 2 s timeout, 50 ms apart).
Measured: the time from the update to its end, and the requests that failed meanwhile, for stackd stop-first,
stackd start-first and `docker-compose up -d` (1.29, which recreates each changed container: stop, remove, create
under the name, start). Everything is labelled stackd.bench=1 and removed at the end.

bench/rollout [--repeats N] [--out DIR]   (a wrapper: builds the jar when needed, then runs this)"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from image import REPO, build_busybox  # noqa: E402
from stackd import Stackd  # noqa: E402
from util import log, run, summary  # noqa: E402

IMAGE = "stackd-bench/busybox:1"
LABEL = "stackd.bench"
REPLICAS = 5
# the page shows version in index.html; the client prints "ok <version>" or "FAIL"
WEB_CMD = 'echo $$VERSION > /tmp/index.html && exec httpd -f -p 8080 -h /tmp'
CLIENT_CMD = ('while true; do if b=$$(wget -q -T 2 -O- http://ALIAS:8080/ 2>&1); then echo ok $$b; '
              'else echo FAIL $$b; fi; sleep 0.05; done')


def stackd_yaml(version, order):
    return f"""services:
  web:
    image: {IMAGE}
    command: ["sh", "-c", "{WEB_CMD}"]
    environment: {{VERSION: "{version}"}}
    labels: {{{LABEL}: "1"}}
    stop_grace_period: 1s
    deploy:
      replicas: {REPLICAS}
      update_config: {{order: {order}, monitor: 2s}}
    networks:
      default:
        aliases: [site]
  client:
    image: {IMAGE}
    command: ["sh", "-c", "{CLIENT_CMD.replace('ALIAS', 'site')}"]
    labels: {{{LABEL}: "1"}}
    stop_grace_period: 1s
networks:
  default:
    labels: {{{LABEL}: "1"}}
"""


def compose_yaml(version):
    return f"""version: "2.4"
services:
  web:
    image: {IMAGE}
    command: ["sh", "-c", "{WEB_CMD}"]
    environment: {{VERSION: "{version}"}}
    labels: {{{LABEL}: "1"}}
    stop_grace_period: 1s
    scale: {REPLICAS}
    networks:
      default:
        aliases: [site]
  client:
    image: {IMAGE}
    command: ["sh", "-c", "{CLIENT_CMD.replace('ALIAS', 'site')}"]
    labels: {{{LABEL}: "1"}}
    stop_grace_period: 1s
networks:
  default:
    labels: {{{LABEL}: "1"}}
"""


def client_lines(container):
    p = run(["docker", "logs", container], check=False)
    return [line.strip() for line in (p.stdout + p.stderr).splitlines() if line.strip()]


def wait_client(container, version, timeout=60):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if sum(1 for x in client_lines(container) if x == f"ok {version}") >= 5:
            return
        time.sleep(0.2)
    raise RuntimeError(f"{container} never saw {version}")


def web_rollout(sd, name):
    st, doc = sd.stack(name)
    if st != 200 or not doc:
        return None
    for s in (doc.get("status") or {}).get("services", []):
        if s.get("name") == "web":
            return s.get("rollout")
    return None


def measure_stackd(sd, order, n):
    name = f"benchroll{order.replace('-', '')}{n}"
    sd.apply(name, stackd_yaml("v1", order))
    client = f"{name}-client-1"
    wait_client(client, "v1")
    before = len(client_lines(client))
    t0 = time.monotonic()
    sd.apply(name, stackd_yaml("v2", order))
    took = None
    while time.monotonic() - t0 < 300:
        r = web_rollout(sd, name)
        if r and r.get("state") == "Completed" and r.get("generation", 0) >= 2:
            took = time.monotonic() - t0
            break
        time.sleep(0.1)
    time.sleep(0.5)
    during = client_lines(client)[before:]
    sd.delete(name)
    return took, during, name


def measure_compose(n, workdir):
    name = f"benchrollcompose{n}"
    d = os.path.join(workdir, name)
    os.makedirs(d, exist_ok=True)
    f = os.path.join(d, "docker-compose.yml")
    with open(f, "w") as fh:
        fh.write(compose_yaml("v1"))
    run(["docker-compose", "-p", name, "-f", f, "up", "-d"], timeout=300)
    client = f"{name}_client_1"
    wait_client(client, "v1")
    before = len(client_lines(client))
    with open(f, "w") as fh:
        fh.write(compose_yaml("v2"))
    t0 = time.monotonic()
    run(["docker-compose", "-p", name, "-f", f, "up", "-d"], timeout=300)
    took = time.monotonic() - t0
    time.sleep(0.5)
    during = client_lines(client)[before:]
    run(["docker-compose", "-p", name, "-f", f, "down", "-t", "1"], check=False, timeout=300)
    return took, during, name


def cleanup():
    ids = run(["docker", "ps", "-aq", "--filter", f"label={LABEL}=1"], check=False).stdout.split()
    if ids:
        run(["docker", "rm", "-f"] + ids, check=False)
    nets = run(["docker", "network", "ls", "-q", "--filter", f"label={LABEL}=1"], check=False).stdout.split()
    if nets:
        run(["docker", "network", "rm"] + nets, check=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(REPO, "bench", "out", "rollout-" + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())))
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="stackd-bench-rollout-")
    build_busybox(IMAGE, LABEL, work)
    results = {"machine": {"nproc": os.cpu_count(), "load_at_start": open("/proc/loadavg").read().strip()},
               "replicas": REPLICAS, "runs": {}}
    sd = Stackd(REPO, os.path.join(work, "stackd"))
    try:
        sd.start()
        for n in range(a.repeats):
            for system in ("stackd stop-first", "stackd start-first", "docker-compose up -d"):
                if system.startswith("stackd"):
                    took, during, name = measure_stackd(sd, system.split()[1], n)
                else:
                    took, during, name = measure_compose(n, work)
                failed = sum(1 for x in during if x.startswith("FAIL"))
                log(f"{system}: {took if took is None else round(took, 2)} s, {len(during)} requests, {failed} failed")
                results["runs"].setdefault(system, []).append({"seconds": took, "requests": len(during), "failed": failed})
    finally:
        sd.stop()
        cleanup()
    results["machine"]["load_at_end"] = open("/proc/loadavg").read().strip()
    results["summary"] = {k: {"seconds": summary([r["seconds"] for r in v]), "failed": summary([r["failed"] for r in v]),
                              "requests": summary([r["requests"] for r in v])} for k, v in results["runs"].items()}
    with open(os.path.join(a.out, "rollout.json"), "w") as fh:
        json.dump(results, fh, indent=1)
    print(json.dumps(results["summary"], indent=1))


if __name__ == "__main__":
    main()
