"""tta_docker: a typed Docker engine manager for TTA.

``from tta_docker import DockerManager``; typed models and one error hierarchy
(:class:`TTADockerError`) come with it. The ``tta-docker`` CLI is :mod:`tta_docker.cli`.

Names are imported on first use (PEP 562): importing a submodule, as the CLI does, does not
pay for the docker SDK and pydantic unless it needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tta_docker.compose import load_stack
    from tta_docker.config import DockerSettings
    from tta_docker.container import ExecResult
    from tta_docker.errors import (
        ContainerNotFoundError,
        ContainerNotRunningError,
        ContainerUnhealthyError,
        DockerUnavailableError,
        EngineError,
        HealthTimeoutError,
        ImageBuildError,
        ImageNotFoundError,
        NameConflictError,
        NetworkNotFoundError,
        PortInUseError,
        RegistryUnavailableError,
        StackConfigError,
        StackError,
        TTADockerError,
        VolumeNotFoundError,
        WaitTimeoutError,
    )
    from tta_docker.manager import DockerManager
    from tta_docker.models import (
        Container,
        ContainerSpec,
        ContainerStats,
        ContainerStatus,
        Health,
        HealthCheck,
        HttpProbe,
        Image,
        Mount,
        Network,
        PortMapping,
        ProgressEvent,
        ResourceLimits,
        RestartPolicy,
        ServiceEvent,
        ServiceStatus,
        TcpProbe,
        Volume,
    )
    from tta_docker.project import find_compose_file
    from tta_docker.stack import Stack
    from tta_docker.stack_config import BuildSpec, Condition, Service, StackConfig

_HOMES = {
    "BuildSpec": "tta_docker.stack_config",
    "Condition": "tta_docker.stack_config",
    "Container": "tta_docker.models",
    "ContainerNotFoundError": "tta_docker.errors",
    "ContainerNotRunningError": "tta_docker.errors",
    "ContainerSpec": "tta_docker.models",
    "ContainerStats": "tta_docker.models",
    "ContainerStatus": "tta_docker.models",
    "ContainerUnhealthyError": "tta_docker.errors",
    "DockerManager": "tta_docker.manager",
    "DockerSettings": "tta_docker.config",
    "DockerUnavailableError": "tta_docker.errors",
    "EngineError": "tta_docker.errors",
    "ExecResult": "tta_docker.container",
    "Health": "tta_docker.models",
    "HealthCheck": "tta_docker.models",
    "HealthTimeoutError": "tta_docker.errors",
    "HttpProbe": "tta_docker.models",
    "Image": "tta_docker.models",
    "ImageBuildError": "tta_docker.errors",
    "ImageNotFoundError": "tta_docker.errors",
    "Mount": "tta_docker.models",
    "NameConflictError": "tta_docker.errors",
    "Network": "tta_docker.models",
    "NetworkNotFoundError": "tta_docker.errors",
    "PortInUseError": "tta_docker.errors",
    "PortMapping": "tta_docker.models",
    "ProgressEvent": "tta_docker.models",
    "RegistryUnavailableError": "tta_docker.errors",
    "ResourceLimits": "tta_docker.models",
    "RestartPolicy": "tta_docker.models",
    "Service": "tta_docker.stack_config",
    "ServiceEvent": "tta_docker.models",
    "ServiceStatus": "tta_docker.models",
    "Stack": "tta_docker.stack",
    "StackConfig": "tta_docker.stack_config",
    "StackConfigError": "tta_docker.errors",
    "StackError": "tta_docker.errors",
    "TTADockerError": "tta_docker.errors",
    "TcpProbe": "tta_docker.models",
    "Volume": "tta_docker.models",
    "VolumeNotFoundError": "tta_docker.errors",
    "WaitTimeoutError": "tta_docker.errors",
    "find_compose_file": "tta_docker.project",
    "load_stack": "tta_docker.compose",
}

__all__ = [
    "BuildSpec",
    "Condition",
    "Container",
    "ContainerNotFoundError",
    "ContainerNotRunningError",
    "ContainerSpec",
    "ContainerStats",
    "ContainerStatus",
    "ContainerUnhealthyError",
    "DockerManager",
    "DockerSettings",
    "DockerUnavailableError",
    "EngineError",
    "ExecResult",
    "Health",
    "HealthCheck",
    "HealthTimeoutError",
    "HttpProbe",
    "Image",
    "ImageBuildError",
    "ImageNotFoundError",
    "Mount",
    "NameConflictError",
    "Network",
    "NetworkNotFoundError",
    "PortInUseError",
    "PortMapping",
    "ProgressEvent",
    "RegistryUnavailableError",
    "ResourceLimits",
    "RestartPolicy",
    "Service",
    "ServiceEvent",
    "ServiceStatus",
    "Stack",
    "StackConfig",
    "StackConfigError",
    "StackError",
    "TTADockerError",
    "TcpProbe",
    "Volume",
    "VolumeNotFoundError",
    "WaitTimeoutError",
    "find_compose_file",
    "load_stack",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'tta_docker' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
