"""The Docker Engine API over its unix socket, with the Python standard library only."""
import http.client
import json
import socket
import threading
import time
import urllib.parse

SOCK = "/var/run/docker.sock"
BENCH_LABEL = "stackd.bench"


class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=120):
        super().__init__("localhost", timeout=timeout)
        self._path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self._path)
        self.sock = s


class EngineError(Exception):
    def __init__(self, status, method, path, body):
        super().__init__(f"{method} {path}: {status} {body[:300]!r}")
        self.status = status


class Engine:
    """One keep-alive connection per thread."""

    def __init__(self, sock=SOCK):
        self.sock = sock
        self._local = threading.local()

    def _conn(self):
        c = getattr(self._local, "conn", None)
        if c is None:
            c = UnixHTTPConnection(self.sock)
            self._local.conn = c
        return c

    def call(self, method, path, body=None, ok=(200, 201, 204, 304), timeout=None):
        data = None
        headers = {}
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (0, 1):
            c = self._conn()
            if timeout is not None:
                c.timeout = timeout
            try:
                c.request(method, path, body=data, headers=headers)
                r = c.getresponse()
                raw = r.read()
                break
            except (http.client.HTTPException, OSError):
                c.close()
                self._local.conn = None
                if attempt:
                    raise
        if r.status not in ok:
            raise EngineError(r.status, method, path, raw.decode(errors="replace"))
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError:
            return raw.decode(errors="replace")

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def q(**params):
        out = {}
        for k, v in params.items():
            if v is None:
                continue
            out[k] = json.dumps(v) if isinstance(v, (dict, list)) else str(v)
        return "?" + urllib.parse.urlencode(out) if out else ""

    def containers(self, labels, all=True, status=None):
        f = {"label": list(labels)}
        if status:
            f["status"] = [status]
        return self.call("GET", "/containers/json" + self.q(all=int(all), filters=f))

    def inspect(self, cid):
        return self.call("GET", f"/containers/{cid}/json")

    def networks(self, labels=None, name=None):
        f = {}
        if labels:
            f["label"] = list(labels)
        if name:
            f["name"] = [name]
        return self.call("GET", "/networks" + self.q(filters=f))

    def remove_container(self, cid):
        self.call("DELETE", f"/containers/{cid}" + self.q(force=1, v=1), ok=(200, 204, 404, 409))

    def remove_network(self, nid):
        self.call("DELETE", f"/networks/{nid}", ok=(200, 204, 404))

    def info(self):
        return self.call("GET", "/info")

    def version(self):
        return self.call("GET", "/version")

    def events(self, since, until, filters):
        """Events in [since, until] (unix seconds, float), as a list of dicts."""
        path = "/events" + self.q(since=f"{since:.9f}", until=f"{until:.9f}", filters=filters)
        c = UnixHTTPConnection(self.sock, timeout=60)
        try:
            c.request("GET", path)
            r = c.getresponse()
            raw = r.read().decode()
        finally:
            c.close()
        out = []
        dec = json.JSONDecoder()
        i = 0
        raw = raw.strip()
        while i < len(raw):
            obj, j = dec.raw_decode(raw, i)
            out.append(obj)
            i = j
            while i < len(raw) and raw[i] in " \r\n\t":
                i += 1
        return out


def parse_ts(s):
    """RFC 3339 with nanoseconds (the engine's StartedAt) -> unix seconds (float)."""
    if not s or s.startswith("0001-"):
        return 0.0
    s = s.rstrip("Z")
    frac = 0.0
    if "." in s:
        s, f = s.split(".", 1)
        frac = float("0." + "".join(ch for ch in f if ch.isdigit()))
    import calendar
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%S")) + frac


class EventRecorder:
    """The engine's event stream (containers and networks), read in a background thread. The harness takes its
    times from the engine's own event timestamps (nanoseconds, the host's clock) instead of polling the engine:
    polling every few milliseconds is itself load on a 2-core engine, and it would only be as precise as its
    interval."""

    def __init__(self, sock=SOCK):
        self.sock = sock
        self.events = []
        self.cond = threading.Condition()
        self._s = None
        self._thread = None
        self.error = None

    def start(self):
        f = {"type": ["container", "network"]}
        path = "/events" + Engine.q(filters=f)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(self.sock)
        # HTTP/1.0: the engine streams the body without chunked encoding, one JSON object per line
        s.sendall(f"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode())
        self._s = s
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = s.recv(4096)
            if not chunk:
                raise EngineError(0, "GET", path, buf.decode(errors="replace"))
            buf += chunk
        head, rest = buf.split(b"\r\n\r\n", 1)
        status = head.split(b"\r\n", 1)[0].decode()
        if " 200 " not in status + " ":
            raise EngineError(0, "GET", path, head.decode(errors="replace"))
        self._thread = threading.Thread(target=self._read, args=(rest,), daemon=True, name="engine-events")
        self._thread.start()
        # the stream is live once the engine has sent its headers; nothing before this moment is recorded
        return self

    def _read(self, buf):
        try:
            while True:
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    if line.strip():
                        self._add(json.loads(line))
                chunk = self._s.recv(65536)
                if not chunk:
                    break
                buf += chunk
        except (OSError, ValueError) as e:
            self.error = e
        finally:
            with self.cond:
                self.cond.notify_all()

    def _add(self, e):
        actor = e.get("Actor", {})
        ev = {"t": e.get("timeNano", 0) / 1e9, "type": e.get("Type"), "action": e.get("Action", ""),
              "id": actor.get("ID", ""), "attrs": actor.get("Attributes", {}) or {}}
        with self.cond:
            self.events.append(ev)
            self.cond.notify_all()

    def mark(self):
        """The index of the next event: pass it to wait_for/find to look only at what happens after now."""
        with self.cond:
            return len(self.events)

    def find(self, pred, start=0):
        with self.cond:
            return [e for e in self.events[start:] if pred(e)]

    def wait_for(self, pred, start, timeout):
        """The first event from index start on for which pred(event) holds, waiting up to timeout seconds."""
        deadline = time.monotonic() + timeout
        i = start
        with self.cond:
            while True:
                while i < len(self.events):
                    if pred(self.events[i]):
                        return self.events[i]
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0 or (self._thread is not None and not self._thread.is_alive()):
                    return None
                self.cond.wait(left)

    def wait_count(self, pred, start, n, timeout):
        """The n-th distinct actor (container) for which an event matching pred happens after index start."""
        deadline = time.monotonic() + timeout
        seen = {}
        i = start
        with self.cond:
            while True:
                while i < len(self.events):
                    e = self.events[i]
                    if pred(e) and e["id"] not in seen:
                        seen[e["id"]] = e
                        if len(seen) >= n:
                            return e
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0 or (self._thread is not None and not self._thread.is_alive()):
                    return None
                self.cond.wait(left)

    def close(self):
        if self._s:
            try:
                self._s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._s.close()
