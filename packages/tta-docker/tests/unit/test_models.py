import pytest

from tta_docker import HealthCheck, PortMapping, ResourceLimits, ServiceStatus
from tta_docker.models import parse_bytes, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("1m30s", 90), ("500ms", 0.5), ("2", 2), (3, 3), ("1h", 3600), ("1.5s", 1.5)],
)
def test_durations(text: str | int, seconds: float) -> None:
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "soon", "5x", "1s2"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "size"),
    [("512M", 512 * 1024**2), ("1g", 1024**3), ("1.5GB", int(1.5 * 1024**3)), ("100", 100)],
)
def test_sizes(text: str, size: int) -> None:
    assert parse_bytes(text) == size
    assert ResourceLimits(memory=text).memory == size  # type: ignore[arg-type]


def test_bad_size() -> None:
    with pytest.raises(ValueError, match="not a size"):
        parse_bytes("lots")


def test_healthcheck_engine_form_is_in_nanoseconds() -> None:
    check = HealthCheck(test=("CMD", "true"), interval=1, timeout=0.5, retries=2)
    assert check.to_engine() == {
        "test": ["CMD", "true"],
        "interval": 1_000_000_000,
        "timeout": 500_000_000,
        "retries": 2,
        "start_period": 0,
    }


def test_service_status_port_text() -> None:
    status = ServiceStatus(
        service="api",
        container="tta-s-api",
        state="running",
        ports=(PortMapping(container_port=80, host_port=8080, host_ip="127.0.0.1"),),
    )
    assert status.port_text() == "127.0.0.1:8080->80/tcp"
