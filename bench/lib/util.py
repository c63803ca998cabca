"""Small helpers: statistics, logging, subprocess, waits."""
import statistics
import subprocess
import sys
import time

LOG = None


def log(*a):
    msg = time.strftime("%H:%M:%S ") + " ".join(str(x) for x in a)
    print(msg, file=sys.stderr, flush=True)
    if LOG:
        LOG.write(msg + "\n")
        LOG.flush()


def run(cmd, check=True, timeout=600, input=None, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, input=input, env=env)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} -> {p.returncode}: {p.stderr.strip()[-800:]}")
    return p


def summary(xs):
    """median, min, max, n of a list of numbers (None values are failures, counted apart)."""
    ok = [x for x in xs if x is not None]
    if not ok:
        return {"n": 0, "failed": len(xs)}
    return {"median": statistics.median(ok), "min": min(ok), "max": max(ok), "n": len(ok),
            "failed": len(xs) - len(ok), "values": ok}


def percentile(xs, p):
    s = sorted(xs)
    if not s:
        return None
    k = (len(s) - 1) * p / 100.0
    f = int(k)
    c = min(f + 1, len(s) - 1)
    return s[f] + (s[c] - s[f]) * (k - f)


def wait_until(pred, timeout, interval=0.01):
    """Polls pred() until it returns a truthy value; returns (value, seconds) or (None, None) on timeout."""
    t0 = time.monotonic()
    while True:
        v = pred()
        now = time.monotonic()
        if v:
            return v, now - t0
        if now - t0 > timeout:
            return None, None
        time.sleep(interval)
