"""A counting proxy for the Engine API: listens on a unix socket, forwards to dockerd's socket, and records
every HTTP request (time, method, path) that a client sends. Request bodies are skipped by Content-Length or
chunked encoding so that a body is never taken for a request; responses are piped through untouched."""
import os
import re
import socket
import threading
import time

REQ = re.compile(rb"^([A-Z]+) (\S+) HTTP/1\.[01]$")


class CountingProxy:
    def __init__(self, listen_path, upstream="/var/run/docker.sock"):
        self.listen_path = listen_path
        self.upstream = upstream
        self.requests = []  # (time.monotonic(), method, path)
        self.lock = threading.Lock()
        self.sock = None
        self.closed = False

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
            threading.Thread(target=self._client_to_engine, args=(c, u), daemon=True).start()
            threading.Thread(target=self._pipe, args=(u, c), daemon=True).start()

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

    def _client_to_engine(self, c, u):
        buf = b""
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
                if m:
                    with self.lock:
                        self.requests.append((time.monotonic(), m.group(1).decode(), m.group(2).decode()))
                u.sendall(b"".join(out))
                if "content-length" in headers:
                    n = int(headers["content-length"])
                    while n > 0:
                        b = f.read(min(n, 65536))
                        if not b:
                            return
                        u.sendall(b)
                        n -= len(b)
                elif headers.get("transfer-encoding", "").lower() == "chunked":
                    while True:
                        size_line = f.readline()
                        u.sendall(size_line)
                        size = int(size_line.split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            # trailers until an empty line
                            while True:
                                t = f.readline()
                                u.sendall(t)
                                if t in (b"\r\n", b"\n", b""):
                                    break
                            break
                        data = f.read(size + 2)
                        u.sendall(data)
                elif m and m.group(1) == b"POST" and "upgrade" in headers.get("connection", "").lower():
                    # hijacked stream (attach/exec): stop parsing, pipe raw
                    self._pipe(c, u)
                    return
        except (OSError, ValueError):
            pass
        finally:
            for s in (c, u):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


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
