"""The test image of the benchmarks and of reliability/: Debian's static busybox, FROM scratch (nothing is
pulled), built from bench/image/Dockerfile."""
import os
import shutil

from util import run

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def build_busybox(tag, label, workdir, docker_host=None, value="1"):
    """Builds `tag` (with the label `label=value`) in the engine at docker_host (default: the docker CLI's)."""
    ctx = os.path.join(workdir, "image")
    os.makedirs(ctx, exist_ok=True)
    shutil.copy(os.path.join(REPO, "bench/image/Dockerfile"), ctx)
    shutil.copy("/bin/busybox", os.path.join(ctx, "busybox"))
    cmd = ["docker"] + (["-H", docker_host] if docker_host else [])
    env = dict(os.environ, DOCKER_BUILDKIT="0")
    run(cmd + ["build", "-q", "--label", f"{label}={value}", "-t", tag, ctx], env=env)
