"""Containers against the real engine."""

from __future__ import annotations

import socket
import time
import urllib.request
import uuid

import pytest

from tta_docker import (
    ContainerNotFoundError,
    ContainerNotRunningError,
    ContainerSpec,
    ContainerStatus,
    ContainerUnhealthyError,
    DockerManager,
    Health,
    HealthCheck,
    HealthTimeoutError,
    HttpProbe,
    ImageNotFoundError,
    NameConflictError,
    PortInUseError,
    PortMapping,
    ResourceLimits,
    RestartPolicy,
    TcpProbe,
    WaitTimeoutError,
)

LOCAL = "127.0.0.1"


def name() -> str:
    return f"tta-test-{uuid.uuid4().hex[:12]}"


def sleeper(image: str, labels: dict[str, str], **options: object) -> ContainerSpec:
    return ContainerSpec(
        image=image,
        name=name(),
        command=("sleep", "300"),
        labels=labels,
        stop_signal="SIGKILL",
        **options,  # type: ignore[arg-type]
    )


HTTPD = ("httpd", "-f", "-p", "8080", "-h", "/www")


def web(image: str, labels: dict[str, str], **options: object) -> ContainerSpec:
    """An HTTP server on 8080 (the healthy image's own command; httpd for the plain one)."""
    return ContainerSpec(
        image=image,
        name=name(),
        command=None if "healthy" in image else HTTPD,
        ports=(PortMapping(container_port=8080, host_ip=LOCAL),),
        labels=labels,
        stop_timeout=1,
        **options,  # type: ignore[arg-type]
    )


def test_run_publishes_a_port_we_can_reach(
    manager: DockerManager, healthy_image: str, label: dict[str, str]
) -> None:
    container = manager.containers.run(
        web(
            healthy_image,
            label,
            environment={"GREETING": "hi"},
            limits=ResourceLimits(memory="64m", cpus=0.5),  # type: ignore[arg-type]
            restart=RestartPolicy(name="on-failure", max_retries=2),
        )
    )
    assert container.running
    port = container.host_port(8080)
    assert port
    manager.containers.wait_healthy(container.name, timeout=30, probe=TcpProbe(port=port))
    with urllib.request.urlopen(f"http://{LOCAL}:{port}/", timeout=5) as response:
        assert response.read() == b"tta test page\n"
    attrs = manager.containers.inspect(container.name)
    assert attrs["HostConfig"]["Memory"] == 64 * 1024**2
    assert attrs["HostConfig"]["NanoCpus"] == 500_000_000
    assert attrs["HostConfig"]["RestartPolicy"] == {"Name": "on-failure", "MaximumRetryCount": 2}
    assert manager.containers.exec(container.name, ["sh", "-c", "echo $GREETING"]).output == "hi\n"


def test_health_wait_uses_the_image_healthcheck(
    manager: DockerManager, healthy_image: str, label: dict[str, str]
) -> None:
    container = manager.containers.run(web(healthy_image, label))
    healthy = manager.containers.wait_healthy(container.name, timeout=30)
    assert healthy.health is Health.HEALTHY


def test_health_wait_times_out(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    never = HealthCheck(test=("CMD", "false"), interval=1, timeout=1, retries=1000)
    container = manager.containers.run(sleeper(test_image, label, healthcheck=never))
    with pytest.raises(HealthTimeoutError, match="not healthy after 2s") as caught:
        manager.containers.wait_healthy(container.name, timeout=2)
    assert caught.value.last_status.startswith("running")


def test_unhealthy_and_exited_containers_fail_the_wait_at_once(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    failing = HealthCheck(test=("CMD", "false"), interval=0.5, timeout=1, retries=1)
    sick = manager.containers.run(sleeper(test_image, label, healthcheck=failing))
    with pytest.raises(ContainerUnhealthyError, match="reported unhealthy"):
        manager.containers.wait_healthy(sick.name, timeout=30)
    gone = manager.containers.run(
        ContainerSpec(image=test_image, name=name(), command=("sh", "-c", "exit 3"), labels=label)
    )
    assert manager.containers.wait(gone.name, timeout=30) == 3
    with pytest.raises(ContainerUnhealthyError, match="exited with code 3"):
        manager.containers.wait_healthy(gone.name, timeout=30)
    with pytest.raises(ContainerUnhealthyError, match="instead of running"):
        manager.containers.wait_running(gone.name, timeout=30)


def test_health_wait_falls_back_to_an_http_probe(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    container = manager.containers.run(web(test_image, label))
    port = container.host_port(8080)
    ready = manager.containers.wait_healthy(
        container.name, timeout=30, probe=HttpProbe(url=f"http://{LOCAL}:{port}/")
    )
    assert ready.running
    with pytest.raises(HealthTimeoutError, match="probe"):
        manager.containers.wait_healthy(
            container.name, timeout=0.5, probe=HttpProbe(url=f"http://{LOCAL}:{port}/missing")
        )
    assert manager.containers.wait_running(container.name).running


def test_logs_tail_and_follow(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    script = "for i in 1 2 3 4 5; do echo line$i; done; echo oops >&2"
    container = manager.containers.run(
        ContainerSpec(image=test_image, name=name(), command=("sh", "-c", script), labels=label)
    )
    assert manager.containers.wait(container.name, timeout=30) == 0
    everything = manager.containers.logs(container.name).splitlines()
    # stdout and stderr are separate streams: their relative order is not guaranteed
    assert sorted(everything) == ["line1", "line2", "line3", "line4", "line5", "oops"]
    assert [line for line in everything if line != "oops"][-1] == "line5"
    assert len(manager.containers.logs(container.name, tail=2).splitlines()) == 2
    assert "line1" in manager.containers.logs(container.name, timestamps=True)
    assert manager.containers.logs(container.name, since=time.time() + 3600) == ""
    assert len(list(manager.containers.follow(container.name, tail=3))) == 3
    assert list(manager.containers.follow(container.name, since=time.time() + 3600)) == []


def test_follow_streams_until_the_container_stops(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    container = manager.containers.run(
        ContainerSpec(
            image=test_image,
            name=name(),
            command=("sh", "-c", "echo start; sleep 1; echo end"),
            labels=label,
        )
    )
    assert list(manager.containers.follow(container.name)) == ["start", "end"]


def test_exec_needs_a_running_container(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    container = manager.containers.run(sleeper(test_image, label))
    result = manager.containers.exec(container.name, "sh -c 'echo out; exit 4'")
    assert (result.exit_code, result.output) == (4, "out\n")
    manager.containers.stop(container.name, timeout=1)
    with pytest.raises(ContainerNotRunningError, match="not running"):
        manager.containers.exec(container.name, ["true"])
    with pytest.raises(ContainerNotRunningError):
        manager.containers.stats(container.name)


def test_start_and_stop_are_idempotent(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    created = manager.containers.create(sleeper(test_image, label))
    assert created.status is ContainerStatus.CREATED
    assert manager.containers.start(created.name).running
    assert manager.containers.start(created.name).running
    stopped = manager.containers.stop(created.name, timeout=1)
    assert stopped.status is ContainerStatus.EXITED
    assert manager.containers.stop(created.name, timeout=1).status is ContainerStatus.EXITED
    assert manager.containers.restart(created.name, timeout=1).running
    assert manager.containers.stop(created.name).status is ContainerStatus.EXITED  # settings: 1 s
    assert manager.containers.restart(created.name).running
    assert manager.containers.wait_running(created.name).running


def test_name_conflict_is_typed(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    first = manager.containers.run(sleeper(test_image, label))
    with pytest.raises(NameConflictError, match="already in use") as caught:
        manager.containers.run(sleeper(test_image, label).model_copy(update={"name": first.name}))
    assert caught.value.name == first.name


def test_busy_host_port_is_typed_and_leaves_nothing(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    with socket.socket() as busy:
        busy.bind((LOCAL, 0))
        busy.listen()
        port = busy.getsockname()[1]
        spec = web(test_image, label).model_copy(
            update={"ports": (PortMapping(container_port=8080, host_port=port, host_ip=LOCAL),)}
        )
        with pytest.raises(PortInUseError) as caught:
            manager.containers.run(spec)
    assert caught.value.port == port
    assert not manager.containers.exists(spec.name or "")


def test_list_by_label_get_remove(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    one = manager.containers.run(sleeper(test_image, {**label, "role": "a"}))
    two = manager.containers.create(sleeper(test_image, {**label, "role": "b"}))
    assert {c.name for c in manager.containers.list(label)} == {one.name, two.name}
    assert [c.name for c in manager.containers.list({**label, "role": "b"})] == [two.name]
    assert manager.containers.list(label, stack="none-such") == []
    manager.containers.remove(one.name, force=True)
    with pytest.raises(ContainerNotFoundError, match=one.name):
        manager.containers.get(one.name)
    with pytest.raises(ContainerNotFoundError):
        manager.containers.remove(one.name)
    manager.containers.remove(one.name, missing_ok=True)


def test_wait_returns_the_exit_code_or_times_out(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    done = manager.containers.run(
        ContainerSpec(image=test_image, name=name(), command=("sh", "-c", "exit 7"), labels=label)
    )
    assert manager.containers.wait(done.name, timeout=30) == 7
    assert manager.containers.get(done.name).exit_code == 7
    slow = manager.containers.run(sleeper(test_image, label))
    with pytest.raises(WaitTimeoutError, match="still running"):
        manager.containers.wait(slow.name, timeout=1)


def test_stats_report_memory(
    manager: DockerManager, test_image: str, label: dict[str, str]
) -> None:
    container = manager.containers.run(
        sleeper(test_image, label, limits=ResourceLimits(memory=32 * 1024**2))
    )
    stats = manager.containers.stats(container.name)
    assert stats.memory_bytes > 0
    assert stats.memory_limit_bytes == 32 * 1024**2
    assert stats.cpu_percent >= 0


def test_unknown_image_is_typed(manager: DockerManager, label: dict[str, str]) -> None:
    with pytest.raises(ImageNotFoundError):
        manager.containers.run(
            ContainerSpec(image=f"tta-test/absent:{uuid.uuid4().hex[:8]}", labels=label)
        )
