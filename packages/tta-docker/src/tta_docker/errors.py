"""Every failure tta_docker raises, and the one place the Docker SDK's errors are translated.

The tree::

    TTADockerError
    ├── DockerUnavailableError (ConnectionError)   the daemon is absent, refuses or does not answer
    ├── EngineError                                the engine answered with an error we do not name
    ├── ImageNotFoundError (LookupError)           no such image locally, or the pull failed
    │   └── RegistryUnavailableError               the registry could not be reached
    ├── ImageBuildError                            a build step failed
    ├── ContainerNotFoundError (LookupError)
    ├── NetworkNotFoundError (LookupError)
    ├── VolumeNotFoundError (LookupError)
    ├── NameConflictError                          a container/network name is taken
    ├── PortInUseError                             a host port is already bound
    ├── ContainerNotRunningError                   exec or stats on a container that is not running
    ├── WaitTimeoutError (TimeoutError)            a container did not exit in time
    │   └── HealthTimeoutError                     a container did not become healthy in time
    ├── ContainerUnhealthyError                    a container reported unhealthy or exited early
    ├── StackConfigError (ValueError)              a Compose file that cannot be used, and why
    └── StackError                                 ``up`` could not bring every service up

SDK errors are translated once, by :func:`translate`, and chained with ``raise ... from exc``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docker.errors import APIError

# The SDK and requests are imported inside translate()/is_transient(): the error classes
# alone must not cost the CLI's ``down`` (which never uses the SDK) half a second.

__all__ = [
    "ContainerNotFoundError",
    "ContainerNotRunningError",
    "ContainerUnhealthyError",
    "DockerUnavailableError",
    "EngineError",
    "HealthTimeoutError",
    "ImageBuildError",
    "ImageNotFoundError",
    "NameConflictError",
    "NetworkNotFoundError",
    "PortInUseError",
    "RegistryUnavailableError",
    "StackConfigError",
    "StackError",
    "TTADockerError",
    "VolumeNotFoundError",
    "WaitTimeoutError",
    "is_transient",
    "translate",
]


class TTADockerError(Exception):
    """Base of every error tta_docker raises."""


class DockerUnavailableError(TTADockerError, ConnectionError):
    """The Docker daemon is absent, refuses connections or does not answer in time."""

    def __init__(self, message: str, *, base_url: str = "") -> None:
        super().__init__(message)
        self.base_url = base_url


class EngineError(TTADockerError):
    """The engine refused a request for a reason tta_docker has no narrower error for."""

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class ImageNotFoundError(TTADockerError, LookupError):
    """The image is not present locally and could not be pulled."""

    def __init__(self, message: str, *, image: str = "") -> None:
        super().__init__(message)
        self.image = image


class RegistryUnavailableError(ImageNotFoundError):
    """The registry that holds the image could not be reached."""


class ImageBuildError(TTADockerError):
    """A build failed; ``log`` holds the build output up to the failure."""

    def __init__(self, message: str, *, log: str = "") -> None:
        super().__init__(message)
        self.log = log


class _NamedNotFound(TTADockerError, LookupError):
    kind = "resource"

    def __init__(self, name: str, detail: str = "") -> None:
        message = f"{self.kind} {name!r} not found"
        super().__init__(f"{message}: {detail}" if detail else message)
        self.name = name


class ContainerNotFoundError(_NamedNotFound):
    """No container has that name or id."""

    kind = "container"


class NetworkNotFoundError(_NamedNotFound):
    """No network has that name or id."""

    kind = "network"


class VolumeNotFoundError(_NamedNotFound):
    """No volume has that name."""

    kind = "volume"


class NameConflictError(TTADockerError):
    """The name is already used by another container or network."""

    def __init__(self, message: str, *, name: str = "") -> None:
        super().__init__(message)
        self.name = name


class PortInUseError(TTADockerError):
    """A host port the container publishes is already bound by something else."""

    def __init__(self, message: str, *, port: int | None = None) -> None:
        super().__init__(message)
        self.port = port


class ContainerNotRunningError(TTADockerError):
    """The operation needs a running container."""

    def __init__(self, name: str, status: str) -> None:
        super().__init__(f"container {name!r} is {status}, not running; start it first")
        self.name = name
        self.status = status


class WaitTimeoutError(TTADockerError, TimeoutError):
    """The container was still running when the wait ended."""


class HealthTimeoutError(WaitTimeoutError):
    """The container did not become healthy before the deadline."""

    def __init__(self, name: str, timeout: float, last_status: str) -> None:
        super().__init__(
            f"container {name!r} not healthy after {timeout:g}s (last status: {last_status}); "
            "check its logs or raise the timeout"
        )
        self.name = name
        self.timeout = timeout
        self.last_status = last_status


class ContainerUnhealthyError(TTADockerError):
    """The container reported unhealthy, or exited while it was expected to run."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"container {name!r} {reason}")
        self.name = name
        self.reason = reason


class StackConfigError(TTADockerError, ValueError):
    """The Compose file cannot be used; the message names the file, service and reason."""


class StackError(TTADockerError):
    """``up`` could not bring every service up; ``failures`` maps service to reason."""

    def __init__(self, stack: str, failures: dict[str, str]) -> None:
        detail = "; ".join(f"{service}: {reason}" for service, reason in failures.items())
        super().__init__(f"stack {stack!r} failed: {detail}")
        self.stack = stack
        self.failures = failures


_PORT = re.compile(r"(?:0\.0\.0\.0|127\.0\.0\.1|\[?::\]?|[\d.]+):(\d+)")
_PORT_FRAGMENTS = ("port is already allocated", "address already in use")
_REGISTRY_FRAGMENTS = (
    "no such host",
    "dial tcp",
    "i/o timeout",
    "connection refused",
    "tls handshake timeout",
    "server misbehaving",
    "temporary failure in name resolution",
    "network is unreachable",
    "client.timeout exceeded",
)


def _explanation(exc: APIError) -> str:
    text = exc.explanation
    if isinstance(text, bytes):
        text = text.decode(errors="replace")
    return str(text or exc)


def translate(exc: Exception, *, subject: str = "", image: str = "") -> TTADockerError:
    """The tta_docker error for an SDK or transport failure; ``subject`` names what was acted on."""
    import requests  # noqa: PLC0415 - see the module's imports
    from docker.errors import APIError, BuildError, DockerException, ImageNotFound  # noqa: PLC0415

    if isinstance(exc, TTADockerError):
        return exc
    if isinstance(exc, requests.exceptions.ConnectionError | requests.exceptions.Timeout):
        return DockerUnavailableError(f"Docker daemon did not answer: {_short(exc)}")
    if isinstance(exc, BuildError):
        log = "".join(str(line.get("stream", "")) for line in exc.build_log)
        return ImageBuildError(f"build of {subject or 'image'} failed: {exc.msg}", log=log)
    if isinstance(exc, ImageNotFound):
        return ImageNotFoundError(
            f"image {image or subject!r} not found: {_explanation(exc)}", image=image or subject
        )
    if isinstance(exc, APIError):
        return _translate_api_error(exc, subject, image)
    if isinstance(exc, DockerException):
        return DockerUnavailableError(f"Docker daemon unavailable: {_short(exc)}")
    return EngineError(f"{subject or 'engine call'} failed: {exc}")


def _translate_api_error(exc: APIError, subject: str, image: str) -> TTADockerError:
    from docker.errors import NotFound  # noqa: PLC0415 - see the module's imports

    text = _explanation(exc)
    lowered = text.lower()
    status = exc.status_code
    if any(fragment in lowered for fragment in _PORT_FRAGMENTS):
        match = _PORT.search(text)
        port = int(match.group(1)) if match else None
        return PortInUseError(
            f"{subject or 'container'}: host port {port or '?'} is already in use; "
            "free it or publish another port",
            port=port,
        )
    if status == 409 and ("already in use" in lowered or "already exists" in lowered):
        return NameConflictError(
            f"name {subject!r} is already in use; remove the old one or pick another name",
            name=subject,
        )
    if image and any(fragment in lowered for fragment in _REGISTRY_FRAGMENTS):
        return RegistryUnavailableError(
            f"cannot pull {image!r}: registry unreachable ({text})", image=image
        )
    if image and (status == 404 or "not found" in lowered or "pull access denied" in lowered):
        return ImageNotFoundError(f"image {image!r} not found: {text}", image=image)
    if isinstance(exc, NotFound) or status == 404:
        if "network" in lowered:
            return NetworkNotFoundError(subject, text)
        if "volume" in lowered:
            return VolumeNotFoundError(subject, text)
        return ContainerNotFoundError(subject, text)
    return EngineError(f"{subject or 'engine call'}: {text}", status_code=status)


def is_transient(exc: Exception) -> bool:
    """True for failures worth retrying: a reset connection or a gateway-like 5xx."""
    import requests  # noqa: PLC0415 - see the module's imports
    from docker.errors import APIError  # noqa: PLC0415

    if isinstance(exc, requests.exceptions.ConnectionError):
        text = str(exc).lower()
        return "reset" in text or "aborted" in text or "remotedisconnected" in text
    return isinstance(exc, APIError) and exc.status_code in (502, 503, 504)


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[-1][:300] if text else exc.__class__.__name__
