"""The compose files the benchmarks apply: the same services for every system."""
import json

# PID 1 ignores SIGTERM unless it traps it: with the trap a stop takes milliseconds, not the 10 s grace period.
SLEEP_CMD = ["sh", "-c", "trap 'exit 0' TERM; sleep 1000000 & wait"]
HEALTHY_CMD = ["sh", "-c", "touch /tmp/ok; trap 'exit 0' TERM; sleep 1000000 & wait"]


def q(v):
    return json.dumps(v)  # JSON scalars and flow lists are valid YAML


def converge_file(n, image, system, swarm=False):
    """n sleep services on one user network; every third one (i % 3 == 2) depends_on the one before it."""
    lines = []
    if swarm:
        lines.append('version: "3.8"')
    lines.append("services:")
    for i in range(n):
        name = f"s{i:02d}"
        lines += [
            f"  {name}:",
            f"    image: {q(image)}",
            f"    command: {q(SLEEP_CMD)}",
            "    labels:",
            f"      stackd.bench: {q('1')}",
            f"      stackd.bench.sys: {q(system)}",
            "    networks: [net]",
        ]
        if i % 3 == 2:
            lines.append(f"    depends_on: [s{i - 1:02d}]")
    lines += [
        "networks:",
        "  net:",
        "    labels:",
        f"      stackd.bench: {q('1')}",
        f"      stackd.bench.sys: {q(system)}",
    ]
    return "\n".join(lines) + "\n"


def service_deps(n):
    """{service: [dependencies]} of converge_file(n)."""
    return {f"s{i:02d}": ([f"s{i - 1:02d}"] if i % 3 == 2 else []) for i in range(n)}


def repair_file(services, image, system, swarm=False):
    """services: list of (name, restart); the unhealthy* ones with a healthcheck on /tmp/ok. The services of the network faults
    (disconnect*, netrm*) get a network each; the others share one (the engine's default address pools hold
    only about 30 bridge networks)."""
    lines = []
    if swarm:
        lines.append('version: "3.8"')
    lines.append("services:")
    nets = []
    for name, restart in services:
        net = own_network(name)
        if net not in nets:
            nets.append(net)
        lines += [
            f"  {name}:",
            f"    image: {q(image)}",
            f"    command: {q(HEALTHY_CMD)}",
            "    labels:",
            f"      stackd.bench: {q('1')}",
            f"      stackd.bench.sys: {q(system)}",
            f"      stackd.bench.svc: {q(name)}",
            f"    networks: [{net}]",
        ]
        if name.startswith("unhealthy"):
            # only the healthcheck fault's services check their health: a 1 s healthcheck is an exec a second,
            # and on every service of the stack those execs alone saturated this 2-core machine
            lines += [
                "    healthcheck:",
                f"      test: {q(['CMD', 'test', '-f', '/tmp/ok'])}",
                '      interval: "1s"',
                '      timeout: "5s"',  # an exec can take seconds on a loaded 2-core machine
                "      retries: 1",
            ]
        if not swarm:
            lines.append(f"    restart: {q(restart)}")
        # swarm: the default restart_policy (condition any, delay 5s) is what a user gets
    lines.append("networks:")
    for net in nets:
        lines += [f"  {net}:", "    labels:", f"      stackd.bench: {q('1')}",
                  f"      stackd.bench.sys: {q(system)}"]
    return "\n".join(lines) + "\n"


def own_network(name):
    return f"n-{name}" if name.startswith(("disconnect", "netrm")) else "n-shared"


def small_file(n, image, system, env_value="0"):
    """A small stack for steady state and API latency: n sleep services, default network."""
    lines = ["services:"]
    for i in range(n):
        lines += [
            f"  s{i:02d}:",
            f"    image: {q(image)}",
            f"    command: {q(SLEEP_CMD)}",
            f"    environment: {{BENCH: {q(env_value)}}}",
            "    labels:",
            f"      stackd.bench: {q('1')}",
            f"      stackd.bench.sys: {q(system)}",
        ]
    return "\n".join(lines) + "\n"
