"""Drives a private stackd daemon: start (timed to /readyz), HTTP API, metrics, SSE, stop."""
import http.client
import json
import os
import socket
import subprocess
import threading
import time

from util import log


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


class Stackd:
    def __init__(self, repo, data_dir, docker_host=None, log_path=None, args=(), pid_file=None, java_opts=None):
        """args: more `serve` options (e.g. --resync 10s); pid_file: each started JVM's pid is appended to it,
        so that a wrapper can stop what an interrupted driver left running; java_opts: the JVM's options
        (STACKD_JAVA_OPTS, which replaces the launcher's defaults), None for the launcher's own."""
        self.repo = repo
        self.data_dir = data_dir
        self.port = free_port()
        self.docker_host = docker_host
        self.args = list(args)
        self.pid_file = pid_file
        self.java_opts = java_opts
        self.log_path = log_path or os.path.join(data_dir, "stackd.log")
        self.proc = None
        self.token = None
        self._local = threading.local()

    # -- process -----------------------------------------------------------------------------
    def start(self, timeout=60, ready="/readyz"):
        """Starts `./stackd serve` and returns the seconds until /readyz answers 200 (JVM start included);
        ready="/healthz" waits only for the process to answer (readyz stays 503 while the engine is away)."""
        os.makedirs(self.data_dir, exist_ok=True)
        cmd = [os.path.join(self.repo, "stackd"), "serve", "--data-dir", self.data_dir,
               "--listen", f"127.0.0.1:{self.port}"]
        if self.docker_host:
            cmd += ["--docker-host", self.docker_host]
        env = dict(os.environ)
        env.pop("STACKD_JAVA_OPTS", None)
        if self.java_opts is not None:
            env["STACKD_JAVA_OPTS"] = self.java_opts
        logf = open(self.log_path, "ab")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd + self.args, stdout=logf, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True, env=env)
        logf.close()
        if self.pid_file:
            with open(self.pid_file, "a") as f:
                f.write(f"{self.proc.pid}\n")
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"stackd exited with {self.proc.returncode}; log: {self.log_path}")
            try:
                st, _ = self.get(ready, auth=False, timeout=1)
                if st == 200:
                    break
            except OSError:
                pass
            if time.monotonic() - t0 > timeout:
                raise RuntimeError(f"stackd not ready in {timeout} s; log: {self.log_path}")
            time.sleep(0.01)
        ready = time.monotonic() - t0
        with open(os.path.join(self.data_dir, "token")) as f:
            self.token = f.read().strip()
        return ready

    def java_pid(self):
        """The JVM's pid (./stackd execs java, so it is the launched process)."""
        return self.proc.pid

    def kill9(self):
        """SIGKILL of the JVM: no shutdown hook runs, nothing is flushed."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        self.proc = None
        self._local.conn = None

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self.proc = None
        self._local.conn = None

    # -- HTTP ----------------------------------------------------------------------------------
    def _conn(self, timeout):
        c = getattr(self._local, "conn", None)
        if c is None:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            self._local.conn = c
        c.timeout = timeout
        return c

    def request(self, method, path, body=None, content_type=None, auth=True, timeout=60):
        headers = {}
        if auth:
            headers["Authorization"] = f"Bearer {self.token}"
        if content_type:
            headers["Content-Type"] = content_type
        for attempt in (0, 1):
            c = self._conn(timeout)
            try:
                c.request(method, path, body=body, headers=headers)
                r = c.getresponse()
                data = r.read()
                return r.status, data
            except (http.client.HTTPException, OSError):
                c.close()
                self._local.conn = None
                if attempt:
                    raise

    def get(self, path, auth=True, timeout=60):
        return self.request("GET", path, auth=auth, timeout=timeout)

    def apply(self, name, yaml_text):
        st, data = self.request("PUT", f"/api/v1/stacks/{name}", body=yaml_text.encode(),
                                content_type="application/yaml")
        if st not in (200, 201, 202):
            raise RuntimeError(f"PUT /api/v1/stacks/{name}: {st} {data[:500]!r}")
        return st, data

    def delete(self, name):
        st, data = self.request("DELETE", f"/api/v1/stacks/{name}")
        if st not in (200, 202, 204, 404):
            raise RuntimeError(f"DELETE /api/v1/stacks/{name}: {st} {data[:500]!r}")

    def stack(self, name):
        st, data = self.get(f"/api/v1/stacks/{name}")
        return st, (json.loads(data) if st == 200 and data else None)

    def stacks(self):
        st, data = self.get("/api/v1/stacks")
        if st != 200:
            return []
        doc = json.loads(data)
        items = doc.get("items", doc) if isinstance(doc, dict) else doc
        return [s.get("name") if isinstance(s, dict) else s for s in items]

    def metrics(self):
        """Prometheus text -> {name{labels}: value}, and sums per metric name under key (name, None)."""
        st, data = self.get("/metrics", auth=False)
        out = {}
        for line in data.decode().splitlines():
            if not line or line.startswith("#"):
                continue
            try:
                key, val = line.rsplit(" ", 1)
                v = float(val)
            except ValueError:
                continue
            out[key] = v
            name = key.split("{", 1)[0]
            out[(name, None)] = out.get((name, None), 0.0) + v
        return out

    def metric_sum(self, name):
        return self.metrics().get((name, None), 0.0)


class SseWatcher(threading.Thread):
    """Reads GET /api/v1/events?watch=true and records (receive time, event key) per event."""

    def __init__(self, sd, path="/api/v1/events?watch=true"):
        super().__init__(daemon=True)
        self.sd = sd
        self.path = path
        self.received = []  # (time.monotonic(), key)
        self.connected = threading.Event()
        self.error = None
        self._stop = False
        self.conn = None

    def run(self):
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.sd.port, timeout=300)
            self.conn = c
            c.request("GET", self.path, headers={"Authorization": f"Bearer {self.sd.token}",
                                                 "Accept": "text/event-stream"})
            r = c.getresponse()
            if r.status != 200:
                self.error = f"status {r.status}"
                self.connected.set()
                return
            self.connected.set()
            ev_id, data = None, []
            while not self._stop:
                line = r.fp.readline()
                if not line:
                    break
                line = line.decode(errors="replace").rstrip("\r\n")
                if line == "":
                    if ev_id is not None or data:
                        self.received.append((time.monotonic(), ev_id or "\n".join(data)))
                    ev_id, data = None, []
                elif line.startswith("id:"):
                    ev_id = line[3:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].strip())
        except Exception as e:  # noqa: BLE001 - recorded and reported
            if not self._stop:
                self.error = repr(e)
            self.connected.set()

    def close(self):
        self._stop = True
        try:
            if self.conn and self.conn.sock:
                self.conn.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve_available(repo):
    """Whether this checkout's stackd has `serve` with its HTTP API (the HttpServer and a --listen option)."""
    base = os.path.join(repo, "controller/src/main/java/dev/stackd/controller")
    if not (os.path.exists(os.path.join(base, "cli/ServeCommand.java"))
            and os.path.exists(os.path.join(base, "http/HttpServer.java"))):
        return False
    for sub in ("cli", "http"):
        for f in os.listdir(os.path.join(base, sub)):
            with open(os.path.join(base, sub, f), errors="replace") as fh:
                if '"--listen"' in fh.read():
                    return True
    return False
