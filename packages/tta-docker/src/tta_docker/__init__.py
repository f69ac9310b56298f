"""tta_docker: a typed Docker engine manager for TTA.

``from tta_docker import DockerManager``; typed models and one error hierarchy
(:class:`TTADockerError`) come with it. The ``tta-docker`` CLI is :mod:`tta_docker.cli`.
"""

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
from tta_docker.stack import Stack
from tta_docker.stack_config import BuildSpec, Condition, Service, StackConfig

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
    "load_stack",
]
