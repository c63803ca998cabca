"""results.json of reliability/run -> docs/reliability.md (figures of the run, then reliability/NOTES.md)."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def s(x, unit=" s", nd=1):
    if x is None:
        return "—"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:.{nd}f}{unit}"
    return f"{x}{unit}"


def med(summ, unit=" s"):
    if not summ or not summ.get("n"):
        return "—"
    return f"{summ['median']:.2f}{unit} (min {summ['min']:.2f}, max {summ['max']:.2f}, n={summ['n']}" + (
        f", {summ['failed']} not repaired" if summ.get("failed") else "") + ")"


def main(results_path, out_path):
    r = json.load(open(results_path))
    sc = r["scenarios"]
    L = []
    w = L.append
    w("# Reliability: stackd under faults")
    w("")
    w("Written by `reliability/run` from one run; every figure below is from that run "
      f"({r['started']}, seed {r['seed']}{', --quick' if r.get('quick') else ''}). "
      f"Machine: {r['machine']['nproc']} cores, Docker {r['machine']['docker']}, kernel {r['machine']['kernel']}, "
      f"load average at start {r['machine']['load_at_start'].split()[0:3]}. The whole run took "
      f"{r.get('seconds', 0) / 60:.1f} min.")
    w("")
    w("The suite runs against a private dockerd that it starts itself (its own socket, data and exec roots, its "
      "own bridge `stackdrel0`, no iptables, address pool 10.199.0.0/16; kill9, which runs beside chaos, has a "
      "second one of its own: `/run/stackd-relk`, 10.194.0.0/16), so that it can stop and restart that engine; "
      "stackd reaches it through a fault proxy of the Engine API (`bench/lib/proxy.py`). Every scenario is "
      "seeded, bounded in time, labels what it creates `stackd.rel=1` and removes it by that label at its end, "
      "and checks at its end: every stack converged (Ready at its generation, the engine running every replica); "
      "no duplicate replica; no container left under the temporary name `*-stackd-new`; every acknowledged apply "
      "stored at its generation and running (each container's environment carries the mark of the stored spec); "
      "every acknowledged delete gone; a file written into each stack's named volume still there.")
    w("")
    w("| scenario | result | time |")
    w("| --- | --- | --- |")
    for k, v in sc.items():
        w(f"| {k} | {'passed' if v.get('passed') else '**failed** (' + str(len(v.get('failures', []))) + ')'} "
          f"| {s(v.get('seconds'), ' s', 0)} |")
    w("")
    if "kill9" in sc:
        k = sc["kill9"]
        w("## kill -9 of stackd during apply, update, rollout and delete")
        w(f"- {k.get('kills')} kills of the JVM, each 0–2 s after a request (uniform, seeded), on 4 stacks of 5 "
          f"containers (db with a named volume, app with 3 replicas, web; app depends_on db, web on app): "
          f"{', '.join(f'{n} after {op}' for op, n in sorted(k.get('by_op', {}).items()))}. "
          "An update recreates db or web, a rollout recreates app's 3 replicas one by one."
          + ((" It ran beside chaos (below), to keep the suite within 30 minutes: on a private engine of its own "
              "(chaos's proxy faults, engine restarts and reboots were not its; the two shared the 2 cores)."
              if k.get("own_engine") else
              " It ran beside chaos (below), on the engine's own socket (chaos's proxy faults were not its, chaos's "
              "engine restarts and reboots were).") if k.get("beside") else ""))
        if k.get("start"):
            w(f"- Each kill's cycle took {s(k.get('kill_cycle_s'))} (checks included): stackd's start to /healthz "
              f"{med(k.get('start'))}, the request {med(k.get('request'))}, then the random delay.")
        w(f"- After every {len(k.get('restart_converge_s', [])) and k['kills'] // len(k['restart_converge_s'])} "
          f"kills, stackd restarted and every invariant checked: converged after the restart in "
          f"{med(k.get('restart_converge'))}.")
        led = k.get("ledger", {})
        w(f"- Acknowledged: {led.get('applies_acked')} applies, {led.get('deletes_acked')} deletes; "
          f"{led.get('unanswered')} requests got no answer. Containers created again for the same spec "
          f"after a kill (a create or recreate cut short, redone): {k.get('recreated_after_kill')}.")
        fail_lines(w, k)
    if "engine" in sc:
        e = sc["engine"]
        w("## Engine restart and host reboot")
        w("Two stacks: e0 with `restart: \"no\"` (stackd starts its containers again, in depends_on order) and e1 "
          "with `restart: always` (the engine starts them itself).")
        w("")
        w("| run | engine back → every stack converged | stackd log lines while the engine was down | "
          "depends_on order (e0) | e1 (engine's order) |")
        w("| --- | --- | --- | --- | --- |")
        for i, x in enumerate(e.get("restart", [])):
            w(f"| engine restart {i + 1} | {s(x['converged_after_engine_back_s'])} | "
              f"{x['stackd_log_lines_while_down']} in {e['down_window_s']} s ({x['log_lines_per_s_while_down']}/s) "
              f"| {'kept' if not x['order_violations'] else '; '.join(x['order_violations'])} "
              f"| {'kept' if not x['order_engine_restarted_stack'] else '; '.join(x['order_engine_restarted_stack'])} |")
        for i, x in enumerate(e.get("reboot", [])):
            w(f"| reboot {i + 1} (stackd answering {s(x['stackd_started_s'])} after the engine) | "
              f"{s(x['converged_after_engine_back_s'])} | — "
              f"| {'kept' if not x['order_violations'] else '; '.join(x['order_violations'])} "
              f"| {'kept' if not x['order_engine_restarted_stack'] else '; '.join(x['order_engine_restarted_stack'])} |")
        w("")
        fail_lines(w, e)
    if "events" in sc:
        e = sc["events"]
        w("## The event stream cut, the engine up")
        w(f"stackd with `--resync {e['resync_period_s']}s`; one stack of 4 containers with `restart: \"no\"`; a "
          "container crashed (kill -9 of its process) at a random moment; the time from the engine's `die` to its "
          "`start`.")
        w(f"- stream live: {med(e.get('live_summary'))}")
        w(f"- stream silenced by the proxy (connection open, no event passes): {med(e.get('silenced_summary'))}; "
          f"the bound is one resync period ({e['resync_period_s']} s)")
        w(f"- stream closed by the proxy (stackd subscribes again): {med(e.get('cut_summary'))}")
        calls = [c for k in ("live", "silenced", "cut") for c in (e.get(k + "_start_call_s") or []) if c is not None]
        if calls:
            w(f"- of which the engine's own start call (stackd's log, `op=start ... ms=`): {min(calls):.2f}–"
              f"{max(calls):.2f} s; the bound (one period + 2 s) applies to the time until stackd made that call")
        fail_lines(w, e)
    if "slow" in sc:
        x = sc["slow"]
        w("## A slow engine, a failing engine, an outage")
        w(f"- 0.5 s added to every Engine API call ({x.get('slow_proxy_calls')} calls): 3 stacks of 5 containers "
          f"converged in {s(x.get('slow_apply_converge_s'))}, a rollout of app (3 replicas) on each in "
          f"{s(x.get('slow_rollout_converge_s'))}, a crashed container repaired in {s(x.get('slow_repair_s'))}.")
        w(f"- 20 % of calls failed for {x.get('failing_window_s')} s while {x.get('failing_updates')} updates "
          f"were applied and containers crashed: injected {x.get('failing_injected')} (`error`: a 500 without "
          "the call reaching the engine; `drop`: the connection closed before it; `lose_reply`: the engine did "
          "the call, its answer was thrown away and the connection closed). "
          f"Breaker opened at 20 %: {s(x.get('breaker_opened_at_20pct'), '')}; /readyz not 200 for "
          f"{s(x.get('not_ready_at_20pct_s'))}.")
        w(f"- Then every call dropped for {s(x.get('outage_s'))}: the breaker opened (/readyz 503) "
          f"{s(x.get('not_ready_after_outage_start_s'))} into it, and closed (/readyz 200) "
          f"{s(x.get('ready_again_after_outage_s'))} after the engine answered again. Calls failed fast by the "
          f"open breaker: {x.get('circuit_open_calls')}.")
        w(f"- Everything converged {s(x.get('converge_after_faults_s'))} after the faults stopped. The same "
          f"container (name and spec hash) created twice: {x.get('duplicate_creates') or 'never'}.")
        fail_lines(w, x)
    if "disk" in sc:
        d = sc["disk"]
        w("## The store's disk full")
        w(f"The data dir on a {d.get('tmpfs')} tmpfs, filled ({d.get('filled_bytes', 0) // 1024} KiB written "
          "until ENOSPC) with 2 stacks applied:")
        w("")
        w("| request | status | body |")
        w("| --- | --- | --- |")
        for f in d.get("full", []):
            w(f"| {f['request']} | {f['status']} | `{f['body'][:160]}` |")
        w("")
        w(f"- /healthz {d.get('healthz_full')}, /readyz {d.get('readyz_full')} while full; stackd still running: "
          f"{s(d.get('stackd_alive_when_full'), '')}.")
        w(f"- Space returned: the first apply answered {d.get('first_apply_after_space_returns')}, everything "
          f"converged in {s(d.get('converge_after_space_returns_s'))}; `PRAGMA integrity_check` of the store "
          f"after stackd stopped: {d.get('integrity_check')}; stackd reopened it and every acknowledged apply "
          "was there.")
        fail_lines(w, d)
    if "storm" in sc:
        t = sc["storm"]
        w("## An event storm")
        w(f"- stackd converged 4 stacks of {t['containers'] // 4} replicas (`restart: \"no\"`"
          + {"host": ", `network_mode: host`: the storm is the flood of events and the restart throughput; a network "
                     "namespace of its own doubles a start's time on this engine, and networks are the other "
                     "scenarios'",
             "none": ", `network_mode: none`"}.get(t.get("network"), ", on a network each") + ") in "
          f"{s(t.get('stackd_converge_n_s'))}; then the {t.get('killed')} containers' processes were killed at "
          f"once: all running again {s(t.get('stackd_repair_all_s'))} after the first `die`.")
        w(f"- The engine alone, with stackd stopped and the same {t['containers']} containers killed again, "
          f"started them (8 API calls in flight, as stackd's executor) in {s(t.get('engine_start_n_s'))}: "
          f"stackd took {s(t.get('ratio_to_engine'), '×', 2)} the engine's own time.")
        fail_lines(w, t)
    if "chaos" in sc:
        c = sc["chaos"]
        w("## Chaos")
        w(f"{c['minutes']} min of random faults on 10 stacks (5 with `restart: always`, 5 with `restart: \"no\"`; "
          "stackd with `--resync 10s`, its data dir on a 32 MiB tmpfs): "
          + ", ".join(f"{k} {v}" for k, v in sorted(c.get("faults", {}).items())) + ". "
          f"After the last fault everything converged in {s(c.get('converge_at_end_s'))}.")
        if c.get("harness_errors"):
            w(f"- Faults the harness could not inject: {c['harness_errors'][:5]}")
        fail_lines(w, c)
    notes = os.path.join(os.path.dirname(HERE), "NOTES.md")
    if os.path.exists(notes):
        w("")
        w(open(notes).read().rstrip())
    with open(out_path, "w") as f:
        f.write("\n".join(L) + "\n")


def fail_lines(w, res):
    fails = res.get("failures") or []
    if fails:
        w(f"- **Failed** ({len(fails)}):")
        for f in fails[:12]:
            w(f"  - {f}")
        if len(fails) > 12:
            w(f"  - and {len(fails) - 12} more (results.json)")
    else:
        w("- Every invariant held.")
    w("")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
