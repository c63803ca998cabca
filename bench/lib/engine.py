"""The Docker Engine API over its unix socket, with the Python standard library only."""
import http.client
import json
import socket
import threading
import time
import urllib.parse

SOCK = "/var/run/docker.sock"
BENCH_LABEL = "dev.stackd.bench"


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
