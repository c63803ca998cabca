"""A counting proxy for the Engine API: listens on a unix socket, forwards to dockerd's socket, and records
every HTTP request (time, method, path) that a client sends. Request bodies are read by Content-Length or
chunked encoding so that a body is never taken for a request; responses are piped through untouched.

It can also inject faults (reliability/): `fault(method, path)` decides, per request, to forward it (None),
delay it, answer an error without forwarding it, drop the connection before or after forwarding it (the engine
then did the work but the client never hears so); and the engine's event streams (`GET /events`) can be
silenced (the connection stays open, nothing comes through) or cut (closed)."""
import os
import re
import socket
import threading
import time

REQ = re.compile(rb"^([A-Z]+) (\S+) HTTP/1\.[01]$")
EVENTS = re.compile(r"^(/v[0-9.]+)?/events(\?|$)")


class Conn:
    """One client connection: its two sockets, and whether it carries an event stream that is silenced."""

    def __init__(self, client, upstream):
        self.client = client
        self.upstream = upstream
        self.events = False
        self.silenced = False
        self.write_lock = threading.Lock()
        self.answered = threading.Event()  # the engine sent something (set also while silenced)

    def close(self):
        for s in (self.client, self.upstream):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class CountingProxy:
    def __init__(self, listen_path, upstream="/var/run/docker.sock"):
        self.listen_path = listen_path
        self.upstream = upstream
        self.requests = []  # (time.monotonic(), method, path)
        self.lock = threading.Lock()
        self.sock = None
        self.closed = False
        # faults: fault(method, path) -> None | ("delay", s) | ("error", status) | ("drop",) | ("lose_reply",)
        self.fault = None
        self.faults = {}  # action -> count of requests it was applied to
        self.events_silenced = False
        self.conns = set()

    def start(self):
        if os.path.exists(self.listen_path):
            os.unlink(self.listen_path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(self.listen_path)
        os.chmod(self.listen_path, 0o600)
        self.sock.listen(128)
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self.closed = True
        try:
            self.sock.close()
        except OSError:
            pass
        try:
            os.unlink(self.listen_path)
        except OSError:
            pass

    def snapshot(self):
        with self.lock:
            return list(self.requests)

    def silence_events(self, on):
        """Open and new event streams pass nothing while on (the client sees a live, quiet connection)."""
        with self.lock:
            self.events_silenced = on
            for c in self.conns:
                if c.events:
                    c.silenced = on

    def cut_events(self):
        """Closes every open event stream (the client sees its stream end)."""
        with self.lock:
            streams = [c for c in self.conns if c.events]
        for c in streams:
            c.close()
        return len(streams)

    def _count(self, action):
        with self.lock:
            self.faults[action] = self.faults.get(action, 0) + 1

    def _accept(self):
        while not self.closed:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                u.connect(self.upstream)
            except OSError:
                c.close()
                continue
            conn = Conn(c, u)
            with self.lock:
                self.conns.add(conn)
            threading.Thread(target=self._client_to_engine, args=(conn,), daemon=True).start()
            threading.Thread(target=self._engine_to_client, args=(conn,), daemon=True).start()

    def _engine_to_client(self, conn):
        try:
            while True:
                b = conn.upstream.recv(65536)
                if not b:
                    break
                conn.answered.set()
                if conn.silenced:
                    continue
                with conn.write_lock:
                    conn.client.sendall(b)
        except OSError:
            pass
        finally:
            conn.close()
            with self.lock:
                self.conns.discard(conn)

    @staticmethod
    def _pipe(src, dst):
        try:
            while True:
                b = src.recv(65536)
                if not b:
                    break
                dst.sendall(b)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def _client_to_engine(self, conn):
        c, u = conn.client, conn.upstream
        try:
            f = c.makefile("rb")
            while True:
                line = f.readline(65537)
                if not line:
                    break
                m = REQ.match(line.rstrip(b"\r\n"))
                headers = {}
                out = [line]
                while True:
                    h = f.readline(65537)
                    if not h:
                        break
                    out.append(h)
                    if h in (b"\r\n", b"\n"):
                        break
                    k, _, v = h.decode("latin-1").partition(":")
                    headers[k.strip().lower()] = v.strip()
                method = m.group(1).decode() if m else ""
                path = m.group(2).decode() if m else ""
                if m:
                    with self.lock:
                        self.requests.append((time.monotonic(), method, path))
                if m and method == "POST" and "upgrade" in headers.get("connection", "").lower():
                    # hijacked stream (attach/exec): stop parsing, pipe raw
                    u.sendall(b"".join(out))
                    self._pipe(c, u)
                    return
                body = self._read_body(f, headers)
                if body is None:
                    return
                if m and EVENTS.match(path):
                    with self.lock:
                        conn.events = True
                        conn.silenced = self.events_silenced
                action = self.fault(method, path) if (m and self.fault) else None
                if action:
                    self._count(action[0])
                    if action[0] == "delay":
                        time.sleep(action[1])
                    elif action[0] == "error":
                        msg = b'{"message":"injected fault"}'
                        with conn.write_lock:
                            c.sendall(b"HTTP/1.1 %d Injected Fault\r\nContent-Type: application/json\r\n"
                                      b"Content-Length: %d\r\n\r\n%s" % (action[1], len(msg), msg))
                        continue
                    elif action[0] == "drop":
                        return
                    elif action[0] == "lose_reply":
                        # the engine does the work; its answer goes nowhere, then the client's connection drops
                        conn.silenced = True
                        conn.answered.clear()
                        u.sendall(b"".join(out) + body)
                        conn.answered.wait(60)
                        return
                u.sendall(b"".join(out) + body)
        except (OSError, ValueError):
            pass
        finally:
            conn.close()

    @staticmethod
    def _read_body(f, headers):
        """The request's body as sent (chunks included), or None if the client went away mid-body."""
        if "content-length" in headers:
            n = int(headers["content-length"])
            data = f.read(n) if n else b""
            return data if len(data) == n else None
        if headers.get("transfer-encoding", "").lower() == "chunked":
            parts = []
            while True:
                size_line = f.readline()
                if not size_line:
                    return None
                parts.append(size_line)
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while True:  # trailers until an empty line
                        t = f.readline()
                        parts.append(t)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    return b"".join(parts)
                parts.append(f.read(size + 2))
        return b""


def classify(method, path):
    """A short kind for a request: 'GET /containers (list)', 'GET /containers/{id}/json', ..."""
    p = path.split("?", 1)[0]
    p = re.sub(r"^/v[0-9.]+", "", p)
    parts = [x for x in p.split("/") if x]
    if not parts:
        return f"{method} /"
    kind = parts[0]
    if method == "GET" and kind in ("containers", "images", "networks", "volumes") and (
            len(parts) == 1 or parts[1] == "json"):
        return f"GET /{kind} (list)"
    if len(parts) == 1:
        return f"{method} /{kind}"
    if len(parts) == 2:
        return f"{method} /{kind}/{{id}}"
    return f"{method} /{kind}/{{id}}/{'/'.join(parts[2:])}"


WRITE_METHODS = ("POST", "PUT", "DELETE")
