import requests
from docker.errors import APIError, BuildError, DockerException, ImageNotFound, NotFound

from tta_docker import (
    ContainerNotFoundError,
    DockerUnavailableError,
    EngineError,
    ImageBuildError,
    ImageNotFoundError,
    NameConflictError,
    NetworkNotFoundError,
    PortInUseError,
    RegistryUnavailableError,
    StackError,
    VolumeNotFoundError,
)
from tta_docker.errors import is_transient, translate


def api_error(status: int, message: str, cls: type[APIError] = APIError) -> APIError:
    response = requests.Response()
    response.status_code = status
    return cls(message, response=response, explanation=message)


def test_busy_port_becomes_port_in_use_with_the_port() -> None:
    error = translate(
        api_error(
            500,
            "driver failed programming external connectivity on endpoint x: Bind for "
            "127.0.0.1:18080 failed: port is already allocated",
        ),
        subject="web",
    )
    assert isinstance(error, PortInUseError)
    assert error.port == 18080
    assert "18080" in str(error)


def test_name_conflict() -> None:
    error = translate(
        api_error(409, 'Conflict. The container name "/web" is already in use by container "ab"'),
        subject="web",
    )
    assert isinstance(error, NameConflictError)
    assert error.name == "web"


def test_not_found_kinds() -> None:
    assert isinstance(
        translate(api_error(404, "No such container: web", NotFound), subject="web"),
        ContainerNotFoundError,
    )
    assert isinstance(
        translate(api_error(404, "network n not found", NotFound), subject="n"),
        NetworkNotFoundError,
    )
    assert isinstance(
        translate(api_error(404, "get v: no such volume", NotFound), subject="v"),
        VolumeNotFoundError,
    )
    image = translate(api_error(404, "No such image: x:1", ImageNotFound), subject="x:1")
    assert isinstance(image, ImageNotFoundError)
    assert image.image == "x:1"


def test_pull_failures() -> None:
    unreachable = translate(
        api_error(500, 'Get "https://registry-1.docker.io/v2/": dial tcp: no such host'),
        image="redis:7",
    )
    assert isinstance(unreachable, RegistryUnavailableError)
    denied = translate(api_error(404, "pull access denied for nope"), image="nope")
    assert type(denied) is ImageNotFoundError


def test_transport_and_other_failures() -> None:
    assert isinstance(
        translate(requests.exceptions.ConnectionError("refused")), DockerUnavailableError
    )
    assert isinstance(translate(DockerException("Error while fetching")), DockerUnavailableError)
    other = translate(api_error(500, "something odd"), subject="x")
    assert isinstance(other, EngineError)
    assert other.status_code == 500
    assert isinstance(translate(RuntimeError("boom")), EngineError)
    built = translate(BuildError("step 2 failed", iter([{"stream": "Step 1\n"}])), subject="img")
    assert isinstance(built, ImageBuildError)
    assert built.log == "Step 1\n"
    already = StackError("s", {"a": "b"})
    assert translate(already) is already


def test_only_transient_failures_are_retried() -> None:
    assert is_transient(requests.exceptions.ConnectionError("Connection reset by peer"))
    assert is_transient(api_error(503, "busy"))
    assert not is_transient(requests.exceptions.ConnectionError("Connection refused"))
    assert not is_transient(api_error(500, "port is already allocated"))
    assert not is_transient(api_error(409, "conflict"))
    assert not is_transient(ValueError("x"))


def test_stack_error_names_every_failed_service() -> None:
    error = StackError("demo", {"db": "unhealthy", "api": "dependency 'db' failed"})
    assert "db: unhealthy" in str(error)
    assert "api: dependency 'db' failed" in str(error)
