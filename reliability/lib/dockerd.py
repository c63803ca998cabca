"""A private Docker engine for reliability/: its own sockets, data and exec roots, pidfile, its own default bridge,
no iptables, and address pools that do not overlap the host's engines. The scenarios stop and restart it; the
host's shared engine (/var/run/docker.sock) is never touched."""
import os
import signal
import subprocess
import time

from engine import Engine

BASE = "/run/stackd-rel"
SOCK = f"{BASE}/docker.sock"
PIDFILE = f"{BASE}/docker.pid"
EXEC_ROOT = f"{BASE}/exec"
DATA_ROOT = "/var/lib/stackd-rel/docker"
POOL = "base=10.199.0.0/16,size=24"
# Its own default bridge: a dockerd started with --bridge=none deletes the interface docker0 (moby's
# removeDefaultBridgeInterface), which the host's engine needs for builds and the default network.
BRIDGE = "stackdrel0"
BRIDGE_CIDR = "10.196.199.1/24"


def ensure_bridge(name=BRIDGE, cidr=BRIDGE_CIDR):
    if subprocess.run(["ip", "link", "show", name], capture_output=True).returncode != 0:
        subprocess.run(["ip", "link", "add", name, "type", "bridge"], check=True)
        subprocess.run(["ip", "addr", "add", cidr, "dev", name], check=True)
    subprocess.run(["ip", "link", "set", name, "up"], check=True)


def remove_bridge(name=BRIDGE):
    subprocess.run(["ip", "link", "delete", name], capture_output=True)


class PrivateDockerd:
    def __init__(self, log_path, pool=POOL):
        self.log_path = log_path
        self.pool = pool
        self.proc = None
        self.engine = Engine(SOCK)

    def cmd(self):
        return ["dockerd", "-H", f"unix://{SOCK}", "--data-root", DATA_ROOT, "--exec-root", EXEC_ROOT,
                "--pidfile", PIDFILE, f"--bridge={BRIDGE}", "--iptables=false", "--ip-masq=false",
                "--default-address-pool", self.pool, "--config-file", f"{BASE}/daemon.json"]

    def start(self, timeout=60):
        """Starts dockerd and returns the seconds until it answers /_ping."""
        os.makedirs(BASE, exist_ok=True)
        os.makedirs(DATA_ROOT, exist_ok=True)
        ensure_bridge()
        with open(f"{BASE}/daemon.json", "w") as f:
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
                return time.monotonic() - t0
            if time.monotonic() - t0 > timeout:
                raise RuntimeError(f"dockerd did not answer in {timeout} s; log: {self.log_path}")
            time.sleep(0.05)

    def ping(self):
        try:
            return Engine(SOCK).call("GET", "/_ping", timeout=2) == "OK"
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
