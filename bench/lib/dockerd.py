"""A private Docker engine, for reliability/ (which stops and restarts it) and for bench/'s steady state at 2,000
containers (which needs more bridge networks than the host engine's default address pools hold): its own
sockets, data and exec roots, pidfile, its own default bridge, no iptables, and address pools that do not overlap the
host's engines. The host's shared engine (/var/run/docker.sock) is never touched.

Each user has its own name (the directories) and pool, so that reliability/ and bench/ can run at the same time:
  reliability/  /run/stackd-rel,   /var/lib/stackd-rel/docker,   10.199.0.0/16, bridge stackdrel0 10.196.199.1/24
  reliability/  /run/stackd-relk,  /var/lib/stackd-relk/docker,  10.194.0.0/16, bridge stackdrelk0 10.196.194.1/24
                (kill9's own engine, beside chaos: chaos restarts the first one)
  bench/        /run/stackd-bench, /var/lib/stackd-bench/docker, 10.197.0.0/16, bridge stackdbench0 10.196.197.1/24
(10.198.0.0/16 is taken by the lead's engine on the development machine.)
Its own bridge, not --bridge=none: a dockerd started with --bridge=none deletes the interface docker0 (moby's
removeDefaultBridgeInterface), which the host's engine needs for builds and its default network."""
import os
import signal
import subprocess
import time

from engine import Engine


def paths(name):
    """(base dir, socket, data root) of the private engine called `name`."""
    base = f"/run/{name}"
    return base, f"{base}/docker.sock", f"/var/lib/{name}/docker"


REL_NAME, REL_POOL = "stackd-rel", "base=10.199.0.0/16,size=24"
RELK_NAME, RELK_POOL = "stackd-relk", "base=10.194.0.0/16,size=24"
BENCH_NAME, BENCH_POOL = "stackd-bench", "base=10.197.0.0/16,size=24"
BRIDGES = {REL_NAME: ("stackdrel0", "10.196.199.1/24"), RELK_NAME: ("stackdrelk0", "10.196.194.1/24"),
           BENCH_NAME: ("stackdbench0", "10.196.197.1/24")}


def ensure_bridge(name, cidr):
    if subprocess.run(["ip", "link", "show", name], capture_output=True).returncode != 0:
        subprocess.run(["ip", "link", "add", name, "type", "bridge"], check=True)
        subprocess.run(["ip", "addr", "add", cidr, "dev", name], check=True)
    subprocess.run(["ip", "link", "set", name, "up"], check=True)


HOST_BRIDGE_FILE = "/run/stackd-host-docker0.addrs"


def host_bridge():
    """docker0's addresses (the host engine's default bridge), or None when it does not exist. Also written to
    HOST_BRIDGE_FILE, so that the wrappers' cleanup (scripts/lib.sh stackd_restore_docker0) can put docker0 back when
    a run is stopped while a private dockerd's start has deleted it and before restore_host_bridge ran."""
    out = subprocess.run(["ip", "-o", "-4", "addr", "show", "dev", "docker0"], capture_output=True, text=True)
    if subprocess.run(["ip", "link", "show", "docker0"], capture_output=True).returncode != 0:
        return None
    addresses = [line.split()[3] for line in out.stdout.splitlines()]
    with open(HOST_BRIDGE_FILE, "w") as f:
        f.write("".join(a + "\n" for a in addresses))
    return addresses


def restore_host_bridge(addresses):
    """A private dockerd configured with address pools deletes docker0 when it starts again over a store that
    holds its "bridge" network (moby 20.10's initNetworkController calls removeDefaultBridgeInterface): put the
    host engine's bridge back as it was, so that its builds and default network keep working."""
    if addresses is None or subprocess.run(["ip", "link", "show", "docker0"], capture_output=True).returncode == 0:
        return False
    subprocess.run(["ip", "link", "add", "docker0", "type", "bridge"], check=True)
    for a in addresses:
        subprocess.run(["ip", "addr", "add", a, "dev", "docker0"], check=True)
    subprocess.run(["ip", "link", "set", "docker0", "up"], check=True)
    return True


def remove_bridge(name):
    subprocess.run(["ip", "link", "delete", name], capture_output=True)
SOCK = paths(REL_NAME)[1]  # reliability/'s engine
POOL = REL_POOL


class PrivateDockerd:
    def __init__(self, log_path, pool=REL_POOL, name=REL_NAME):
        self.log_path = log_path
        self.pool = pool
        self.base, self.sock, self.data_root = paths(name)
        self.pidfile = f"{self.base}/docker.pid"
        self.exec_root = f"{self.base}/exec"
        self.bridge, self.bridge_cidr = BRIDGES[name]
        self.proc = None
        self.engine = Engine(self.sock)

    def cmd(self):
        return ["dockerd", "-H", f"unix://{self.sock}", "--data-root", self.data_root, "--exec-root", self.exec_root,
                "--pidfile", self.pidfile, f"--bridge={self.bridge}", "--iptables=false", "--ip-masq=false",
                "--default-address-pool", self.pool, "--config-file", f"{self.base}/daemon.json"]

    def start(self, timeout=60):
        """Starts dockerd and returns the seconds until it answers /_ping."""
        os.makedirs(self.base, exist_ok=True)
        os.makedirs(self.data_root, exist_ok=True)
        ensure_bridge(self.bridge, self.bridge_cidr)
        docker0 = host_bridge()
        with open(f"{self.base}/daemon.json", "w") as f:
            f.write("{}\n")  # not /etc/docker/daemon.json: nothing of the host engine's configuration
        logf = open(self.log_path, "ab")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self.cmd(), stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        logf.close()
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dockerd exited with {self.proc.returncode}; log: {self.log_path}")
            if self.ping():
                restore_host_bridge(docker0)
                return time.monotonic() - t0
            if time.monotonic() - t0 > timeout:
                raise RuntimeError(f"dockerd did not answer in {timeout} s; log: {self.log_path}")
            time.sleep(0.05)

    def ping(self):
        try:
            return Engine(self.sock).call("GET", "/_ping", timeout=2) == "OK"
        except Exception:  # noqa: BLE001 - not up yet
            return False

    def stop(self, timeout=60):
        """SIGTERM, as systemd stops it: the engine stops every container, then exits."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None

    def restart(self):
        t0 = time.monotonic()
        self.stop()
        down = time.monotonic() - t0
        return down, self.start()
