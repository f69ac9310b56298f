"""tta_docker benchmarks (loopback engine only; every baseline measured in the same run).

1. ``tta-docker up`` against ``docker compose up -d --wait`` on the same 6-service stack
   (healthchecks on every service, dependency depth 3), and the matching ``down``s. Runs
   alternate between the two tools; medians of 5 each.
2. DockerManager against raw docker SDK calls for run + stop + remove of one container.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from functools import partial
from pathlib import Path

from bench.report import Figure, timed

BENCH = "docker"
IMAGE = os.environ.get("TTA_TEST_IMAGE", "tta-test/busybox:latest")
RUNS = 5
OVERHEAD_RUNS = 5
OVERHEAD_BATCH = 5

_HEALTHY = """    image: ${BENCH_IMAGE}
    command: ["sh", "-c", "touch /tmp/ready; exec sleep 600"]
    stop_signal: SIGKILL
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      timeout: 2s
      retries: 30
    labels: {tta.bench: "1"}"""

STACK = f"""
services:
  db:
{_HEALTHY}
  cache:
{_HEALTHY}
  api:
{_HEALTHY}
    depends_on:
      db: {{condition: service_healthy}}
      cache: {{condition: service_healthy}}
  worker:
{_HEALTHY}
    depends_on:
      db: {{condition: service_healthy}}
  web:
{_HEALTHY}
    depends_on:
      api: {{condition: service_healthy}}
  monitor:
{_HEALTHY}
    depends_on:
      worker: {{condition: service_healthy}}
      cache: {{condition: service_started}}
"""


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:4])}... failed: {result.stderr.strip()[-400:]}")


def _stack_figures() -> list[Figure]:
    cli = Path(sys.executable).with_name("tta-docker")
    docker = shutil.which("docker")
    if not cli.exists() or docker is None:
        raise RuntimeError("needs the tta-docker entry point and the docker CLI")
    env = {**os.environ, "BENCH_IMAGE": IMAGE}
    times: dict[str, list[float]] = {
        key: [] for key in ("tta up", "compose up", "library up", "tta down", "compose down",
                            "library down")
    }  # fmt: skip
    from tta_docker import DockerManager

    manager = DockerManager()
    with tempfile.TemporaryDirectory() as folder:
        compose_file = Path(folder) / "compose.yaml"
        compose_file.write_text(STACK)
        for _ in range(RUNS):
            name = f"bench{uuid.uuid4().hex[:10]}"
            tta = [str(cli), "-f", str(compose_file), "-p", name]
            compose = [docker, "compose", "-f", str(compose_file), "-p", f"{name}c"]
            try:
                for key, argv in (
                    ("tta up", [*tta, "up"]),
                    ("tta down", [*tta, "down", "-v"]),
                    ("compose up", [*compose, "up", "-d", "--wait"]),
                    ("compose down", [*compose, "down", "-v"]),
                ):
                    times[key].append(timed(lambda argv=argv: _run(argv, env)))
                library = manager.load_stack(compose_file, name=f"{name}l", environ=env)
                times["library up"].append(timed(library.up))
                times["library down"].append(timed(partial(library.down, volumes=True)))
            finally:
                subprocess.run([*tta, "down", "-v"], env=env, capture_output=True, check=False)
                subprocess.run([*compose, "down", "-v"], env=env, capture_output=True, check=False)
                manager.stack(name=f"{name}l").down(volumes=True)
    manager.close()
    medians = {key: statistics.median(values) for key, values in times.items()}
    figures = []
    for action in ("up", "down"):
        value, baseline = medians[f"tta {action}"], medians[f"compose {action}"]
        figures.append(
            Figure(
                benchmark=BENCH,
                name=f"6-service stack {action} (depth 3, healthchecks), median of {RUNS}",
                value=value,
                unit="s",
                baseline=baseline,
                baseline_name=f"docker compose {action}{' -d --wait' if action == 'up' else ' -v'}",
                target="ratio <= 1.0",
                met=value <= baseline,
            )
        )
    for action in ("up", "down"):
        value, baseline = medians[f"library {action}"], medians[f"compose {action}"]
        figures.append(
            Figure(
                benchmark=BENCH,
                name=f"same stack {action}, DockerManager in-process (no CLI start-up)",
                value=value,
                unit="s",
                baseline=baseline,
                baseline_name=f"docker compose {action}",
                target="ratio <= 1.0",
                met=value <= baseline,
            )
        )
    return figures


def _overhead_figure() -> Figure:
    import docker as sdk

    from tta_docker import ContainerSpec, DockerManager, DockerSettings

    label = {"tta.bench": uuid.uuid4().hex[:10]}
    client = sdk.from_env()
    manager = DockerManager(DockerSettings())

    def raw() -> None:
        container = client.containers.run(
            IMAGE, ["sleep", "600"], detach=True, name=f"tta-bench-{uuid.uuid4().hex[:12]}",
            labels=label,
        )  # fmt: skip
        container.stop(timeout=0)
        container.remove()

    def ours() -> None:
        container = manager.containers.run(
            ContainerSpec(
                image=IMAGE, command=("sleep", "600"), name=f"tta-bench-{uuid.uuid4().hex[:12]}",
                labels=label,
            )
        )  # fmt: skip
        manager.containers.stop(container.id, timeout=0)
        manager.containers.remove(container.id)

    def batch(action: object) -> float:
        start = time.perf_counter()
        for _ in range(OVERHEAD_BATCH):
            action()  # type: ignore[operator]
        return (time.perf_counter() - start) / OVERHEAD_BATCH

    raw_times, our_times = [], []
    try:
        raw()
        ours()  # warm both connection pools
        for _ in range(OVERHEAD_RUNS):
            raw_times.append(batch(raw))
            our_times.append(batch(ours))
    finally:
        for container in manager.containers.list(label):
            manager.containers.remove(container.id, force=True)
        manager.close()
        client.close()
    value, baseline = statistics.median(our_times), statistics.median(raw_times)
    return Figure(
        benchmark=BENCH,
        name=f"run+stop+remove one container, median of {OVERHEAD_RUNS}x{OVERHEAD_BATCH}",
        value=value,
        unit="s",
        baseline=baseline,
        baseline_name="raw docker SDK",
        target="ratio <= 1.15",
        met=value <= 1.15 * baseline,
    )


def run() -> list[Figure]:
    return [*_stack_figures(), _overhead_figure()]
