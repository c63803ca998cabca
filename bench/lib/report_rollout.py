"""The section "Rollouts" of docs/benchmarks.md, from docs/benchmarks-rollout-results.json (bench/rollout)."""


def _sec(x):
    return "–" if x is None else f"{x:.2f} s"


def _mmm(s, f=_sec):
    if not s or not s.get("n"):
        return "–" if not s or not s.get("failed") else f"none ({s['failed']}×)"
    out = f"{f(s['median'])} ({f(s['min'])}–{f(s['max'])})"
    if s.get("failed"):
        out += f", {s['failed']}× none"
    return out


def _count(s):
    return _mmm(s, lambda x: f"{x:g}")


def _values(runs, key):
    return ", ".join("–" if x.get(key) is None else (f"{x[key]:g}" if isinstance(x[key], (int, float)) else str(x[key]))
                     for x in runs)


def rollouts(r, w):
    m = r.get("machine", {})
    su, sr = r.get("summary", {}).get("update", {}), r.get("summary", {}).get("rollback", {})
    w("## 8. Rollouts\n")
    w(f"Written by `bench/rollout` ({r.get('started', '?')}), {r.get('repeats')} runs per system, interleaved; "
      f"median (min–max). A {r.get('replicas')}-replica busybox `httpd` service reached through its network alias "
      "`site`; a client container of the same stack requests `http://site:8080/` in a loop (busybox `wget`, 2 s "
      "timeout, 50 ms apart) and stamps each request with the host's `/proc/uptime`, so exactly the requests sent "
      "inside the window are counted. stackd and Swarm get the same `update_config: {parallelism: 1, delay: 0s, "
      f"monitor: {r.get('monitor')}, order}}`; docker-compose 1.29 ignores it and recreates every changed container "
      "at once. Times are from the apply/deploy call; *all new* is the engine's event time of the 5th start of a "
      "new-spec container (no healthcheck: running is ready), *old gone* the last old container's `die`, *done* "
      "when the system says so (stackd: the rollout `Completed`; Swarm: `UpdateStatus.State` `completed`; "
      "compose: `up -d` returned); requests are counted from the call to *done*.\n")
    w("| system | all new | old gone | done | requests | failed requests | failed, each run |")
    w("| --- | --- | --- | --- | --- | --- | --- |")
    for name, runs in r.get("update", {}).items():
        s = su.get(name, {})
        w(f"| {name} | {_mmm(s.get('all_new_s'))} | {_mmm(s.get('old_gone_s'))} | {_mmm(s.get('done_s'))} | "
          f"{_count(s.get('requests'))} | {_count(s.get('failed'))} | {_values(runs, 'failed')} |")
    errs = [f"{name} #{i}: {x['error']}" for name, runs in r.get("update", {}).items()
            for i, x in enumerate(runs) if x.get("error")]
    if errs:
        w("\nRuns that did not finish: " + "; ".join(errs) + ".")
    w("\n**Rollback.** The same service updated to a bad spec (its command exits 1) with `failure_action: rollback` "
      f"and `rollback_config: {{parallelism: 1, monitor: {r.get('monitor')}}}`, stop-first. *Rollback* is the time "
      "from the first `die` of a bad-spec container (engine event) to the last event that brought every replica "
      "back (an old-spec `start` or a bad-spec `die`), once the system says it rolled back (stackd: "
      "`Progressing=False RolledBack`; Swarm: `UpdateStatus.State` `rollback_completed`) and a list shows 5 "
      "old-spec replicas running; *said* is when that was seen. *Old stopped*: old-spec containers stopped "
      "(stop-first's first batch stops 1; more would be good replicas killed, moby/moby#35498, #37972). "
      "*Bad tried*: bad-spec containers started until then, and in the 10 s after (a retry of the bad spec).\n")
    w("| system | rolled back (runs) | first failure after the call | rollback | said | old stopped | bad tried | "
      "bad tried after | failed requests |")
    w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, runs in r.get("rollback", {}).items():
        s = sr.get(name, {})
        trig = sum(1 for x in runs if x.get("triggered"))
        w(f"| {name} | {trig} of {len(runs)} | {_mmm(s.get('first_failure_s'))} | {_mmm(s.get('rollback_s'))} | "
          f"{_mmm(s.get('said_rolled_back_s'))} | {_values(runs, 'old_stopped')} | {_values(runs, 'bad_started')} | "
          f"{_values(runs, 'bad_started_after')} | {_values(runs, 'failed')} |")
    errs = [f"{name} #{i}: {x['error']}" for name, runs in r.get("rollback", {}).items()
            for i, x in enumerate(runs) if x.get("error")]
    if errs:
        w("\nRuns without a rollback: " + "; ".join(errs) + ".")
    for n in r.get("notes", []):
        w(f"\nNote: {n}")
    w(f"\nMachine: {m.get('nproc', '?')} cores, Docker {m.get('docker', '?')}, docker-compose "
      f"{m.get('docker_compose', '?')}. The run is niced (the machine may be shared): load average "
      f"{m.get('load_at_start', '?')} at the start, {m.get('load_at_end', '?')} at the end (1-minute load at each "
      f"run: {m.get('load_runs', '?')}); {m.get('other_containers', '?')} other containers running at the start. "
      "Compare systems within the run, not with other machines.\n")
    w("```sh\nbench/rollout --repeats 3   # this section; stackd, docker-compose, then a single-node Swarm "
      "(initialised and left)\n```\n")
